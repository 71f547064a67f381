import { Injectable } from '@nestjs/common';
import { Clock, dateInZone } from '#libs/core';
import { TenantTransactions, schoolScope } from '#libs/database';
import { TenancyService } from '#libs/tenancy';
import { ReportFiguresQuery, publishFigures, sumFigures, type PublishedFigures, type RawFigures } from './report-figures.js';
import { SenReport, type ReportStatus } from './sen-report.entity.js';

export interface TrustSchoolReport {
  schoolId: string;
  name: string;
  urn: string;
  /** The latest version of the year, or null when nobody has started it. */
  status: ReportStatus | null;
  version: number | null;
  publishedAt: Date | null;
  /** Published figures once published; until then the live figures as they would be published. */
  figures: PublishedFigures;
}

/** A trust lead's view: every school's report for a year, and the trust's figures added up (then suppressed). */
@Injectable()
export class TrustReports {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly figures: ReportFiguresQuery,
    private readonly tenancy: TenancyService,
    private readonly clock: Clock,
  ) {}

  async overview(
    schoolIds: readonly string[],
    academicYear: number,
  ): Promise<{ academicYear: number; schools: TrustSchoolReport[]; rollUp: PublishedFigures }> {
    const m = this.tx.manager();
    const schools: TrustSchoolReport[] = [];
    const raws: RawFigures[] = [];
    let complaints: number | null = null;
    for (const id of schoolIds) {
      const scope = schoolScope(id);
      const school = await this.tenancy.getSchool(scope);
      const latest = await m.findOne(SenReport, { where: { schoolId: id, academicYear }, order: { version: 'DESC' } });
      const raw = await this.figures.raw(scope, academicYear, dateInZone(this.clock.now(), school.timezone));
      raws.push(raw);
      if (latest?.complaintsCount !== null && latest?.complaintsCount !== undefined) complaints = (complaints ?? 0) + latest.complaintsCount;
      schools.push({
        schoolId: id,
        name: school.name,
        urn: school.urn,
        status: latest?.status ?? null,
        version: latest?.version ?? null,
        publishedAt: latest?.publishedAt ?? null,
        figures:
          latest?.status === 'published' && latest.figures
            ? (latest.figures as unknown as PublishedFigures)
            : publishFigures(raw, latest?.complaintsCount ?? null),
      });
    }
    schools.sort((a, b) => a.name.localeCompare(b.name));
    return { academicYear, schools, rollUp: publishFigures(sumFigures(raws, academicYear), complaints) };
  }
}

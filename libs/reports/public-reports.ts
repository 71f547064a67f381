import { Injectable } from '@nestjs/common';
import { notFound } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { SenReport } from './sen-report.entity.js';

export interface PublicReport {
  report: SenReport;
  schoolName: string;
  /** The academic years with a published report, newest first (previous years stay available). */
  years: number[];
}

/** Published reports, for a school website to link to: no login, published versions only. */
@Injectable()
export class PublicReports {
  constructor(private readonly tx: TenantTransactions) {}

  async find(urn: string, academicYear: number | null): Promise<PublicReport> {
    if (!/^\d{6}$/.test(urn)) throw notFound('Published report');
    // Published reports only, already served with a five-minute public cache: the replica may serve them.
    return this.tx.run(
      { schoolIds: [] },
      async (m) => {
        await m.query(`select set_config('app.public_reports', 'on', true)`);
        const [school] = await m.query<{ id: string; name: string }[]>(`select id, name from schools where urn = $1`, [urn]);
        if (!school) throw notFound('Published report');
        const published = await m.find(SenReport, { where: { schoolId: school.id, status: 'published' }, order: { academicYear: 'DESC', version: 'DESC' } });
        const report = published.find((r) => academicYear === null || r.academicYear === academicYear);
        if (!report) throw notFound('Published report');
        return { report, schoolName: school.name, years: [...new Set(published.map((r) => r.academicYear))] };
      },
      { readOnly: true },
    );
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '#libs/audit';
import { conflict, invalid, requestContext } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { ledTrustSchools } from '#libs/tenancy';
import { expectationColumns, type FrameworkFile } from './domain/framework-file.js';
import { OapExpectation } from './expectation.entity.js';
import { OapFramework } from './framework.entity.js';

export interface FrameworkImportReport {
  stored: boolean;
  frameworkId: string | null;
  laCode: string;
  name: string;
  version: number;
  effectiveFrom: string;
  expectations: number;
  /** Expectations per area of need. */
  byArea: Record<string, number>;
  /** Schools of the LA the importer can see (all for the platform admin; the trust's own for a trust lead). */
  schoolsInLa: number;
}

/** Who imports: the platform (owner: no trust) or a trust, for the LAs its own schools are in. */
export type FrameworkOwner = { kind: 'platform' } | { kind: 'trust'; trustId: string };

/**
 * Imports an authority's framework, all or nothing, with a dry run that checks exactly what a commit would
 * (docs/oap.md). The LA code must be one a school on the platform carries — the project has no list of LA codes,
 * so the schools' own are the list — and, for a trust, one of the trust's own schools.
 */
@Injectable()
export class FrameworkImportService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
  ) {}

  async import(owner: FrameworkOwner, file: FrameworkFile, commit: boolean): Promise<FrameworkImportReport> {
    const m = this.tx.manager();
    const trustSchools = owner.kind === 'trust' ? await ledTrustSchools(m, owner.trustId) : [];
    const { header, expectations } = file;
    const schoolsInLa = await this.schoolsInLa(m, header.laCode, owner.kind === 'trust' ? owner.trustId : null);
    if (schoolsInLa === 0) {
      const whose = owner.kind === 'trust' ? 'no school of the trust is' : 'no school on the platform is';
      throw invalid([{ field: 'laCode', message: `${header.laCode} is not a known local authority code: ${whose} in it` }]);
    }
    const clash = await m.findOne(OapFramework, { where: { laCode: header.laCode, version: header.version }, select: { id: true } });
    if (clash) throw conflict(`Version ${header.version} of the framework for LA ${header.laCode} exists already; import it as a new version`);
    const byArea: Record<string, number> = {};
    for (const e of expectations) byArea[e.areaOfNeed] = (byArea[e.areaOfNeed] ?? 0) + 1;
    const { laCode, name, version, effectiveFrom } = header;
    const report: FrameworkImportReport = {
      stored: false,
      frameworkId: null,
      laCode,
      name,
      version,
      effectiveFrom,
      expectations: expectations.length,
      byArea,
      schoolsInLa,
    };
    if (!commit) return report;

    const framework = await m.save(
      m.create(OapFramework, {
        laCode: header.laCode,
        name: header.name,
        version: header.version,
        effectiveFrom: header.effectiveFrom,
        sourceCitation: header.source,
        scale: header.scale,
        ownerTrustId: owner.kind === 'trust' ? owner.trustId : null,
        importedBy: requestContext.get()?.userId ?? null,
      }),
    );
    await m.insert(
      OapExpectation,
      expectations.map((e, position) => ({
        frameworkId: framework.id,
        position,
        level: e.level,
        ...expectationColumns(e),
      })),
    );
    const entry = {
      action: 'oap.framework_imported',
      entityType: 'oap_framework',
      entityId: framework.id,
      details: { laCode: header.laCode, version: header.version, expectations: expectations.length },
    };
    if (owner.kind === 'platform') await this.audit.recordPlatform(entry);
    else for (const school of trustSchools) await this.audit.record(school, entry);
    return { ...report, stored: true, frameworkId: framework.id };
  }

  private async schoolsInLa(m: EntityManager, laCode: string, trustId: string | null): Promise<number> {
    const rows = await m.query<{ n: number }[]>(`select count(*)::int as n from schools where la_code = $1 and ($2::uuid is null or trust_id = $2::uuid)`, [
      laCode,
      trustId,
    ]);
    return rows[0]?.n ?? 0;
  }
}

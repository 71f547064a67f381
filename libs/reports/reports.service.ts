import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '#libs/audit';
import { Clock, DomainError, conflict, notFound, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { ALL_FIELDS, CODE_SECTION_KEYS, CURRENT_ITEM_SET, REPORT_SECTIONS, missingFields } from './domain/index.js';
import { ReportFiguresQuery } from './report-figures.js';
import { SenReport } from './sen-report.entity.js';

const OPEN = ['draft', 'submitted', 'returned'];
const EDITABLE = ['draft', 'returned'];
const FIELD_KEYS = new Set(ALL_FIELDS.map((f) => f.key));
/** The id of the empty report shown where nobody has started the year's (it is never stored). */
export const NO_REPORT_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The report's workflow: the SENCO drafts (last year's published text is the starting point), submits when
 * every required item is written, and the head approves and publishes it or returns it with comments. A
 * published version is fixed, figures and all; editing it starts the next version.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly figures: ReportFiguresQuery,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Every version for a year, newest first. */
  async versions(scope: SchoolScope, academicYear: number): Promise<SenReport[]> {
    return this.tx.manager().find(SenReport, { where: { schoolId: scope.schoolId, academicYear }, order: { version: 'DESC' } });
  }

  /**
   * The year's report as a reader sees it: the open version if there is one, else the latest published. When
   * nobody has started it, every reader sees the version the SENCO's first save will start (version 0, never
   * stored: last published text as its starting point), so a read writes nothing and can be served by a read
   * replica (docs/scaling.md, *Read replicas*).
   */
  async current(scope: SchoolScope, academicYear: number): Promise<SenReport> {
    const versions = await this.versions(scope, academicYear);
    const latest = versions.find((v) => v.status !== 'published') ?? versions[0];
    if (latest) return latest;
    const published = await this.latestPublished(scope, academicYear);
    return Object.assign(new SenReport(), {
      id: NO_REPORT_ID,
      schoolId: scope.schoolId,
      academicYear,
      version: 0,
      status: 'draft',
      itemSet: CURRENT_ITEM_SET,
      texts: published?.texts ?? {},
      complaintsCount: null,
      figures: null,
      returnComments: null,
      submittedAt: null,
      publishedAt: null,
    });
  }

  async years(scope: SchoolScope): Promise<SenReport[]> {
    return this.tx.manager().find(SenReport, { where: { schoolId: scope.schoolId }, order: { academicYear: 'DESC', version: 'DESC' } });
  }

  /**
   * Saves narrative text. Where the year has no open version one is started: from the latest published
   * version of the year, or else from last year's, so nothing is written twice.
   */
  async save(scope: SchoolScope, academicYear: number, texts: Record<string, string>, complaintsCount: number | null | undefined): Promise<SenReport> {
    const unknown = Object.keys(texts).filter((k) => !FIELD_KEYS.has(k));
    if (unknown.length > 0) {
      throw new DomainError(
        400,
        'validation',
        'The report has no such item',
        unknown.map((k) => ({ field: `texts.${k}`, message: `texts.${k} is not an item of the SEN Information Report` })),
      );
    }
    const m = this.tx.manager();
    const report = (await this.openVersion(scope, academicYear)) ?? (await this.startVersion(scope, academicYear));
    if (!EDITABLE.includes(report.status)) throw conflict('The report has been submitted to the head; it can be edited again if the head returns it');
    const merged = { ...report.texts, ...texts };
    await m.update(SenReport, { id: report.id, schoolId: scope.schoolId }, { texts: merged, ...(complaintsCount !== undefined ? { complaintsCount } : {}) });
    await this.audit.record(scope, {
      action: 'sen_report.saved',
      entityType: 'sen_report',
      entityId: report.id,
      details: { fields: Object.keys(texts).sort().join(',') },
    });
    return (await m.findOneBy(SenReport, { id: report.id, schoolId: scope.schoolId }))!;
  }

  /** Draft → submitted, only when every required item of the version's item set is written (422 naming each missing one). */
  async submit(scope: SchoolScope, academicYear: number): Promise<SenReport> {
    const report = await this.openVersion(scope, academicYear);
    if (!report || !EDITABLE.includes(report.status)) throw conflict('There is no draft of this year’s report to submit');
    const missing = missingFields(report.texts, report.itemSet);
    if (missing.length > 0) {
      const heading = (key: string) => REPORT_SECTIONS.find((s) => s.key === key)?.heading ?? key;
      // The Code items are statutory guidance, not regulations: say which asks for the text.
      const asks = (key: string) => (CODE_SECTION_KEYS.includes(key) ? 'the Code of Practice expects' : 'the regulations require');
      throw new DomainError(
        422,
        'report-incomplete',
        `The report cannot be submitted: ${missing.length} required item${missing.length === 1 ? ' is' : 's are'} empty`,
        missing.map((f) => ({
          field: `texts.${f.key}`,
          message: `"${heading(f.section)}"${f.key === f.section ? '' : ` (${f.label})`} is empty or too short; write what ${asks(f.section)}`,
        })),
      );
    }
    return this.move(
      scope,
      report,
      { status: 'submitted', submittedAt: this.clock.now(), submittedBy: requestContext.get()?.userId ?? null, returnComments: null },
      'sen_report.submitted',
    );
  }

  /** Submitted → published by the head: the figures are computed and fixed now. */
  async approve(scope: SchoolScope, academicYear: number, today: string): Promise<SenReport> {
    const report = await this.openVersion(scope, academicYear);
    if (!report || report.status !== 'submitted') throw conflict('Only a submitted report can be approved');
    const figures = await this.figures.published(scope, academicYear, today, report.complaintsCount);
    const now = this.clock.now();
    return this.move(
      scope,
      report,
      {
        status: 'published',
        figures: figures as unknown as Record<string, unknown>,
        reviewedAt: now,
        reviewedBy: requestContext.get()?.userId ?? null,
        publishedAt: now,
      },
      'sen_report.published',
    );
  }

  /** Submitted → returned to the SENCO with the head's comments. */
  async returnToSenco(scope: SchoolScope, academicYear: number, comments: string): Promise<SenReport> {
    const report = await this.openVersion(scope, academicYear);
    if (!report || report.status !== 'submitted') throw conflict('Only a submitted report can be returned');
    return this.move(
      scope,
      report,
      { status: 'returned', returnComments: comments, reviewedAt: this.clock.now(), reviewedBy: requestContext.get()?.userId ?? null },
      'sen_report.returned',
    );
  }

  async openVersion(scope: SchoolScope, academicYear: number): Promise<SenReport | null> {
    return this.tx
      .manager()
      .createQueryBuilder(SenReport, 'r')
      .setLock('pessimistic_write')
      .where('r.school_id = :schoolId and r.academic_year = :academicYear and r.status in (:...open)', { schoolId: scope.schoolId, academicYear, open: OPEN })
      .getOne();
  }

  private async startVersion(scope: SchoolScope, academicYear: number): Promise<SenReport> {
    const m = this.tx.manager();
    const published = await this.latestPublished(scope, academicYear);
    const latest = await m
      .createQueryBuilder(SenReport, 'r')
      .where('r.school_id = :schoolId and r.academic_year = :academicYear', { schoolId: scope.schoolId, academicYear })
      .orderBy('r.version', 'DESC')
      .getOne();
    try {
      return await m.save(
        m.create(SenReport, {
          schoolId: scope.schoolId,
          academicYear,
          version: (latest?.version ?? 0) + 1,
          status: 'draft',
          itemSet: CURRENT_ITEM_SET,
          texts: published?.texts ?? {},
          complaintsCount: published?.academicYear === academicYear ? published.complaintsCount : null,
          figures: null,
          createdBy: requestContext.get()?.userId ?? null,
        }),
      );
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw conflict('Someone else started this report at the same time; reload it');
      throw err;
    }
  }

  /** The latest published version of this year or an earlier one: where a new version's text starts. */
  private latestPublished(scope: SchoolScope, academicYear: number): Promise<SenReport | null> {
    return this.tx
      .manager()
      .createQueryBuilder(SenReport, 'r')
      .where(`r.school_id = :schoolId and r.status = 'published' and r.academic_year <= :academicYear`, { schoolId: scope.schoolId, academicYear })
      .orderBy('r.academic_year', 'DESC')
      .addOrderBy('r.version', 'DESC')
      .getOne();
  }

  private async move(scope: SchoolScope, report: SenReport, changes: Partial<SenReport>, action: string): Promise<SenReport> {
    const m = this.tx.manager();
    await m.update(SenReport, { id: report.id, schoolId: scope.schoolId }, changes as Parameters<EntityManager['update']>[2]);
    await this.audit.record(scope, {
      action,
      entityType: 'sen_report',
      entityId: report.id,
      details: { academicYear: report.academicYear, version: report.version },
    });
    const saved = await m.findOneBy(SenReport, { id: report.id, schoolId: scope.schoolId });
    if (!saved) throw notFound('Report');
    return saved;
  }
}

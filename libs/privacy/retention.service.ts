import { Injectable } from '@nestjs/common';
import { DocumentsService } from '#libs/attachments';
import { AuditService } from '#libs/audit';
import { Clock, conflict, invalid, notFound, requestContext } from '#libs/core';
import { TenantTransactions, schoolScope, type SchoolScope } from '#libs/database';
import { EVENT_TYPES, OutboxService } from '#libs/outbox';
import { RetentionItem, type RetentionRule, type RetentionStatus } from './retention-item.entity.js';

export const RETENTION_STATUSES: readonly RetentionStatus[] = ['listed', 'approved', 'rejected', 'erased'];

export interface RetentionListing {
  id: string;
  pupilId: string;
  /** Shown so the head knows whose record it is; blank once erased. */
  upn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  leavingDate: string | null;
  dueOn: string;
  ruleYears: number;
  rule: RetentionRule;
  status: RetentionStatus;
  listedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  erasedAt: Date | null;
  erasure: Record<string, number> | null;
}

/**
 * Which rule applies to each leaver (docs/domain.md, "Retention"). The IRMS rule, date of birth +
 * retention_years (31), is the LAST school's: a pupil never on the SEN register (never K or E: "monitoring" is
 * not the register) has no SEN record to keep that long, and a pupil whose record was sent to the next school
 * leaves the long-term copy with that school. Both follow the school's shorter rule: leaving date +
 * leaver_retention_years. A rejected item is not listed again for a year: the head's "keep it" holds until then.
 */
const LIST_SQL = `
  insert into retention_items (school_id, pupil_id, due_on, rule_years, rule, status)
  select c.school_id, c.id, c.due_on, c.rule_years, c.rule, 'listed'
    from (select p.school_id, p.id, r.rule,
                 case when r.rule = 'last_school' then (p.date_of_birth + make_interval(years => s.retention_years))::date
                      else (p.leaving_date + make_interval(years => s.leaver_retention_years))::date end as due_on,
                 case when r.rule = 'last_school' then s.retention_years else s.leaver_retention_years end as rule_years
            from pupils p join schools s on s.id = p.school_id
            cross join lateral (select case
                when not exists (select 1 from sen_status_entries e where e.pupil_id = p.id and e.status in ('K', 'E')) then 'never_on_register'
                when p.record_sent_on is not null then 'transferred'
                else 'last_school' end as rule) r
           where p.school_id = $1 and p.leaving_date is not null and p.leaving_date <= $2::date) c
   where c.due_on <= $2::date
     and not exists (select 1 from retention_items r where r.pupil_id = c.id
                      and (r.status in ('listed', 'approved', 'erased') or (r.status = 'rejected' and r.decided_at > now() - interval '1 year')))
  on conflict do nothing
  returning id`;

/**
 * The retention rule: a pupil's record is kept while they are on roll and then until the rule that applies to
 * them (LIST_SQL) says it is due. The scan lists what is past its rule; nothing is erased until the head approves
 * an item, and then the database's erase function removes the record, keeping only anonymised facts that
 * statistics need (status and need history, attendance, year of birth).
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly documents: DocumentsService,
  ) {}

  /** Lists every pupil of the school past the rule on `today` (the school's own date). Returns how many were new. */
  async scan(scope: SchoolScope, today: string): Promise<number> {
    const rows = await this.tx.manager().query<{ id: string }[]>(LIST_SQL, [scope.schoolId, today]);
    if (rows.length > 0)
      await this.audit.record(scope, {
        action: 'retention.listed',
        entityType: 'school',
        entityId: scope.schoolId,
        details: { listed: rows.length, asOf: today },
      });
    return rows.length;
  }

  /** The daily job: every school, each in its own transaction, on its own date. */
  async scanAll(todayIn: (timezone: string) => string): Promise<{ schools: number; listed: number }> {
    const schools = await this.tx.run(
      { schoolIds: [], platformAdmin: true },
      async (m) => await m.query<{ id: string; timezone: string }[]>(`select id, timezone from schools order by id`),
    );
    let listed = 0;
    for (const s of schools) {
      listed += await this.tx.run({ schoolIds: [s.id], pupilAccess: 'all' }, () => this.scan(schoolScope(s.id), todayIn(s.timezone)));
    }
    return { schools: schools.length, listed };
  }

  /** A page of the school's listed records, soonest due first, with how many there are in all. */
  async list(scope: SchoolScope, status: string | undefined, page: { offset: number; limit: number }): Promise<{ total: number; items: RetentionListing[] }> {
    if (status !== undefined && !(RETENTION_STATUSES as readonly string[]).includes(status)) {
      throw invalid([{ field: 'status', message: `status must be one of ${RETENTION_STATUSES.join(', ')}` }]);
    }
    const qb = this.tx
      .manager()
      .createQueryBuilder(RetentionItem, 'r')
      .innerJoin('pupils', 'p', 'p.id = r.pupil_id')
      .select([
        'r.id as id',
        'r.pupil_id as "pupilId"',
        'p.upn as upn',
        'p.legal_first_name as "firstName"',
        'p.legal_last_name as "lastName"',
        `to_char(p.date_of_birth, 'YYYY-MM-DD') as "dateOfBirth"`,
        `to_char(p.leaving_date, 'YYYY-MM-DD') as "leavingDate"`,
        `to_char(r.due_on, 'YYYY-MM-DD') as "dueOn"`,
        'r.rule_years as "ruleYears"',
        'r.rule as rule',
        'r.status as status',
        'r.listed_at as "listedAt"',
        'r.decided_by as "decidedBy"',
        'r.decided_at as "decidedAt"',
        'r.erased_at as "erasedAt"',
        'r.erasure as erasure',
      ])
      .where('r.school_id = :schoolId', { schoolId: scope.schoolId })
      .orderBy('r.due_on', 'ASC')
      .addOrderBy('r.id', 'ASC');
    if (status) qb.andWhere('r.status = :status', { status });
    const [total, items] = [await qb.clone().getCount(), await qb.offset(page.offset).limit(page.limit).getRawMany<RetentionListing>()];
    return { total, items };
  }

  /**
   * The head's decision on a listed item. Approving queues the erasure (an outbox event in this transaction,
   * so it cannot be lost); rejecting keeps the record for at least another year.
   */
  async decide(scope: SchoolScope, itemId: string, decision: 'approve' | 'reject'): Promise<void> {
    const m = this.tx.manager();
    const item = await m
      .createQueryBuilder(RetentionItem, 'r')
      .setLock('pessimistic_write')
      .where('r.id = :itemId and r.school_id = :schoolId', { itemId, schoolId: scope.schoolId })
      .getOne();
    if (!item) throw notFound('Retention item');
    if (item.status !== 'listed') throw conflict(`This item is already ${item.status}`);
    const status: RetentionStatus = decision === 'approve' ? 'approved' : 'rejected';
    await m.update(
      RetentionItem,
      { id: item.id, schoolId: scope.schoolId },
      { status, decidedBy: requestContext.get()?.userId ?? null, decidedAt: this.clock.now() },
    );
    if (status === 'approved') {
      await this.outbox.recordMany(scope, [
        { type: EVENT_TYPES.erasureApproved, subjectType: 'retention_item', subjectId: item.id, payload: { pupilId: item.pupilId } },
      ]);
    }
    await this.audit.record(scope, {
      action: `retention.${status}`,
      entityType: 'pupil',
      entityId: item.pupilId,
      details: { retentionItemId: item.id, dueOn: item.dueOn, ruleYears: item.ruleYears, rule: item.rule },
    });
  }

  /** The worker's half: erases an approved item's pupil (once: an erased item is left alone). */
  async erase(scope: SchoolScope, itemId: string): Promise<void> {
    const m = this.tx.manager();
    const item = await m.findOneBy(RetentionItem, { id: itemId, schoolId: scope.schoolId });
    if (!item || item.status !== 'approved') return;
    // Files in an object store first: the function below removes the rows that name them.
    const storedObjects = await this.documents.removeStoredContent(scope, item.pupilId);
    const [row] = await m.query<{ counts: Record<string, number> }[]>(`select app.erase_pupil($1, $2) as counts`, [scope.schoolId, item.pupilId]);
    if (!row) throw new Error(`app.erase_pupil returned no row for retention item ${item.id}`);
    const { counts } = row;
    await this.audit.record(scope, {
      action: 'pupil.erased',
      entityType: 'pupil',
      entityId: item.pupilId,
      details: { retentionItemId: item.id, ...counts, ...(storedObjects > 0 ? { storedObjects } : {}) },
    });
  }
}

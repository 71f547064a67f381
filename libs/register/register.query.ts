import { Injectable } from '@nestjs/common';
import { invalid } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { areaOfNeed, needCodesInArea, type AreaOfNeed, type NeedCode, type SenStatus } from './domain/needs.js';
import { pupilSearchSql } from './pupil-search.js';
import { parentNoticeOf, type ParentNotice } from './sen-status.rules.js';
import { numberToYearGroup, yearGroupToNumber, type YearGroup } from './domain/year-groups.js';

export const REGISTER_SORTS = ['name', 'yearGroup', 'placedOn'] as const;
export type RegisterSort = (typeof REGISTER_SORTS)[number];

export interface RegisterFilter {
  /** The day the register is read as of (yyyy-mm-dd): who was on roll, with which status, that day. */
  asOf: string;
  statuses: readonly SenStatus[];
  /** Primary need. */
  needs?: readonly NeedCode[];
  areas?: readonly AreaOfNeed[];
  yearGroups?: readonly YearGroup[];
  classNames?: readonly string[];
  fsm?: boolean;
  eal?: boolean;
  lookedAfter?: boolean;
  placedFrom?: string;
  placedTo?: string;
  /** Name (start of a legal or preferred name) or an exact UPN. */
  q?: string;
}

export interface RegisterPageRequest {
  sort: RegisterSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

export interface RegisterRow {
  pupilId: string;
  upn: string;
  legalFirstName: string;
  legalLastName: string;
  preferredFirstName: string | null;
  preferredLastName: string | null;
  dateOfBirth: string;
  yearGroup: YearGroup;
  className: string | null;
  gender: string | null;
  fsmEligible: boolean;
  eal: boolean;
  lookedAfter: boolean;
  admissionDate: string | null;
  leavingDate: string | null;
  status: SenStatus;
  statusSince: string | null;
  placedOn: string | null;
  primaryNeed: NeedCode | null;
  secondaryNeed: NeedCode | null;
  areaOfNeed: AreaOfNeed | null;
  ehcPlanDate: string | null;
  /** For pupils on SEN Support: whether the formal notice to parents has gone (CFA 2014 s.68). */
  parentNotice: ParentNotice | null;
  parentsNotifiedAt: Date | null;
}

export interface RegisterSummary {
  asOf: string;
  total: number;
  byStatus: { status: SenStatus; count: number }[];
  byStatusAndNeed: { status: SenStatus; primaryNeed: NeedCode | null; count: number }[];
  byYearGroup: { yearGroup: YearGroup; status: SenStatus; count: number }[];
}

const SORT_KEYS: Record<RegisterSort, string[]> = {
  name: ['p.legal_last_name', 'p.legal_first_name', 'p.id'],
  yearGroup: ['p.year_group', 'p.legal_last_name', 'p.legal_first_name', 'p.id'],
  placedOn: [`coalesce(e.register_since, '0001-01-01'::date)`, 'p.id'],
};

/** The values of SORT_KEYS for a row, read from the columns the page selects anyway (a cursor's content). */
const SORT_VALUES: Record<RegisterSort, (r: RawRow) => (string | number)[]> = {
  name: (r) => [r.legal_last_name, r.legal_first_name, r.id],
  yearGroup: (r) => [r.year_group, r.legal_last_name, r.legal_first_name, r.id],
  placedOn: (r) => [r.placed_on ?? '0001-01-01', r.id],
};

/**
 * The register, read with hand-written SQL in the request's tenant transaction: one query per page,
 * keyset-paginated, served by the indexes that lead with school_id. Every read is "as of" a date, so a past
 * register is answered from the same timeline as today's.
 */
@Injectable()
export class RegisterQuery {
  constructor(private readonly tx: TenantTransactions) {}

  /**
   * One page. `lastRead`: the page is its request's last read, so its transaction ends with it, in the same round
   * trip where it can (TenantTransactions.lastRead).
   */
  async page(
    scope: SchoolScope,
    filter: RegisterFilter,
    page: RegisterPageRequest,
    { lastRead = false }: { lastRead?: boolean } = {},
  ): Promise<{ items: RegisterRow[]; nextCursor: string | null }> {
    const where = buildWhere(scope, filter);
    const keys = SORT_KEYS[page.sort];
    const dir = page.order === 'desc' ? 'desc' : 'asc';
    if (page.cursor) {
      const values = decodeCursor(page.cursor, page.sort, page.order, keys.length);
      const placeholders = values.map((v) => where.param(v));
      where.clauses.push(`(${keys.join(', ')}) ${dir === 'asc' ? '>' : '<'} (${placeholders.join(', ')})`);
    }
    const limitParam = where.param(page.limit + 1);
    const sql = `${selectSql(where)} order by ${keys.map((k) => `${k} ${dir}`).join(', ')} limit ${limitParam}`;
    const rows = await this.read<RawRow>(sql, where.params, lastRead);
    const items = rows.slice(0, page.limit).map(toRow);
    const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor(page.sort, page.order, SORT_VALUES[page.sort](last)) : null };
  }

  /** Every matching row, in name order, for the CSV export; read in keyset batches. */
  async *all(scope: SchoolScope, filter: RegisterFilter): AsyncGenerator<RegisterRow[]> {
    let cursor: string | undefined;
    do {
      const page = await this.page(scope, filter, { sort: 'name', order: 'asc', limit: 500, cursor });
      if (page.items.length > 0) yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** The counts. `lastRead` as for `page`. */
  async summary(scope: SchoolScope, filter: RegisterFilter, { lastRead = false }: { lastRead?: boolean } = {}): Promise<RegisterSummary> {
    const where = buildWhere(scope, filter);
    const sql = `select coalesce(e.status, 'N') as status, e.primary_need, p.year_group, count(*)::int as n
                   ${fromSql(where)} group by 1, 2, 3`;
    const rows = await this.read<{ status: SenStatus; primary_need: NeedCode | null; year_group: number; n: number }>(sql, where.params, lastRead);
    const byStatus = new Map<SenStatus, number>();
    const byNeed = new Map<string, { status: SenStatus; primaryNeed: NeedCode | null; count: number }>();
    const byYear = new Map<string, { yearGroup: number; status: SenStatus; count: number }>();
    for (const r of rows) {
      byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.n);
      const nk = `${r.status}|${r.primary_need}`;
      byNeed.set(nk, { status: r.status, primaryNeed: r.primary_need, count: (byNeed.get(nk)?.count ?? 0) + r.n });
      const yk = `${r.year_group}|${r.status}`;
      byYear.set(yk, { yearGroup: r.year_group, status: r.status, count: (byYear.get(yk)?.count ?? 0) + r.n });
    }
    return {
      asOf: filter.asOf,
      total: rows.reduce((sum, r) => sum + r.n, 0),
      byStatus: [...byStatus].map(([status, count]) => ({ status, count })).sort((a, b) => a.status.localeCompare(b.status)),
      byStatusAndNeed: [...byNeed.values()].sort((a, b) => a.status.localeCompare(b.status) || (a.primaryNeed ?? '').localeCompare(b.primaryNeed ?? '')),
      byYearGroup: [...byYear.values()]
        .sort((a, b) => a.yearGroup - b.yearGroup || a.status.localeCompare(b.status))
        .map((y) => ({ yearGroup: numberToYearGroup(y.yearGroup), status: y.status, count: y.count })),
    };
  }

  /** A read in the request's transaction; with `lastRead`, its last (TenantTransactions.lastRead). */
  private read<T>(sql: string, params: unknown[], lastRead: boolean): Promise<T[]> {
    return lastRead ? this.tx.lastRead<T>(sql, params) : this.tx.manager().query<T[]>(sql, params);
  }
}

interface Where {
  clauses: string[];
  params: unknown[];
  param: (value: unknown) => string;
  statusJoin: 'join' | 'left join';
  asOf: string;
}

function buildWhere(scope: SchoolScope, f: RegisterFilter): Where {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const school = param(scope.schoolId);
  const asOf = param(f.asOf);
  const clauses = [
    `p.school_id = ${school}`,
    `(p.admission_date is null or p.admission_date <= ${asOf})`,
    `(p.leaving_date is null or p.leaving_date >= ${asOf})`,
    `coalesce(e.status, 'N') = any(${param(f.statuses)}::text[])`,
  ];
  if (f.needs?.length) clauses.push(`e.primary_need = any(${param(f.needs)}::text[])`);
  if (f.areas?.length) clauses.push(`e.primary_need = any(${param(f.areas.flatMap(needCodesInArea))}::text[])`);
  if (f.yearGroups?.length) clauses.push(`p.year_group = any(${param(f.yearGroups.map(yearGroupToNumber))}::smallint[])`);
  if (f.classNames?.length) clauses.push(`p.class_name = any(${param(f.classNames)}::text[])`);
  if (f.fsm !== undefined) clauses.push(`p.fsm_eligible = ${param(f.fsm)}`);
  if (f.eal !== undefined) clauses.push(`p.eal = ${param(f.eal)}`);
  if (f.lookedAfter !== undefined) clauses.push(`p.looked_after = ${param(f.lookedAfter)}`);
  if (f.placedFrom) clauses.push(`e.register_since >= ${param(f.placedFrom)}`);
  if (f.placedTo) clauses.push(`e.register_since <= ${param(f.placedTo)}`);
  if (f.q) clauses.push(pupilSearchSql('p', f.q, param));
  return { clauses, params, param, asOf, statusJoin: f.statuses.includes('N') ? 'left join' : 'join' };
}

function fromSql(w: Where): string {
  if (w.statusJoin === 'join') {
    // On the register (K, E, monitoring): driven from the status entries of those statuses.
    return `from pupils p
          join sen_status_entries e
            on e.school_id = p.school_id and e.pupil_id = p.id
           and e.start_date <= ${w.asOf} and (e.end_date is null or e.end_date > ${w.asOf})
         where ${w.clauses.join('\n and ')}`;
  }
  // Every pupil on roll (N included): each pupil's entry of the day by an index lookup. As a plain left join
  // the planner, misled by the row-level security clause on school_id beside the query's own, expected four
  // pupils and chose a nested loop over the school's entries: quadratic, 50 ms for a 2,000-pupil school at
  // 2,400 schools (docs/performance.md). An exclusion constraint allows one entry per pupil per day.
  return `from pupils p
          left join lateral (
            select * from sen_status_entries e1
             where e1.school_id = p.school_id and e1.pupil_id = p.id
               and e1.start_date <= ${w.asOf} and (e1.end_date is null or e1.end_date > ${w.asOf})
             limit 1) e on true
         where ${w.clauses.join('\n and ')}`;
}

function selectSql(w: Where): string {
  return `select p.id, p.upn, p.legal_first_name, p.legal_last_name, p.preferred_first_name, p.preferred_last_name,
                 to_char(p.date_of_birth, 'YYYY-MM-DD') as date_of_birth, p.year_group, p.class_name, p.gender,
                 p.fsm_eligible, p.eal, p.looked_after,
                 to_char(p.admission_date, 'YYYY-MM-DD') as admission_date, to_char(p.leaving_date, 'YYYY-MM-DD') as leaving_date,
                 coalesce(e.status, 'N') as status, to_char(e.start_date, 'YYYY-MM-DD') as status_since,
                 to_char(e.register_since, 'YYYY-MM-DD') as placed_on, e.primary_need, e.secondary_need,
                 to_char(e.ehc_plan_date, 'YYYY-MM-DD') as ehc_plan_date, e.notice_event_id, e.parents_notified_at, e.notice_given_outside
          ${fromSql(w)}`;
}

interface RawRow {
  id: string;
  upn: string;
  legal_first_name: string;
  legal_last_name: string;
  preferred_first_name: string | null;
  preferred_last_name: string | null;
  date_of_birth: string;
  year_group: number;
  class_name: string | null;
  gender: string | null;
  fsm_eligible: boolean;
  eal: boolean;
  looked_after: boolean;
  admission_date: string | null;
  leaving_date: string | null;
  status: SenStatus;
  status_since: string | null;
  placed_on: string | null;
  primary_need: NeedCode | null;
  secondary_need: NeedCode | null;
  ehc_plan_date: string | null;
  notice_event_id: string | null;
  parents_notified_at: Date | null;
  notice_given_outside: boolean;
}

function toRow(r: RawRow): RegisterRow {
  return {
    pupilId: r.id,
    upn: r.upn,
    legalFirstName: r.legal_first_name,
    legalLastName: r.legal_last_name,
    preferredFirstName: r.preferred_first_name,
    preferredLastName: r.preferred_last_name,
    dateOfBirth: r.date_of_birth,
    yearGroup: numberToYearGroup(r.year_group),
    className: r.class_name,
    gender: r.gender,
    fsmEligible: r.fsm_eligible,
    eal: r.eal,
    lookedAfter: r.looked_after,
    admissionDate: r.admission_date,
    leavingDate: r.leaving_date,
    status: r.status,
    statusSince: r.status_since,
    placedOn: r.placed_on,
    primaryNeed: r.primary_need,
    secondaryNeed: r.secondary_need,
    areaOfNeed: r.primary_need ? areaOfNeed(r.primary_need) : null,
    ehcPlanDate: r.ehc_plan_date,
    parentNotice: parentNoticeOf({
      status: r.status,
      noticeEventId: r.notice_event_id,
      parentsNotifiedAt: r.parents_notified_at,
      noticeGivenOutside: r.notice_given_outside,
    }),
    parentsNotifiedAt: r.parents_notified_at,
  };
}

function encodeCursor(sort: RegisterSort, order: string, values: unknown[]): string {
  return Buffer.from(JSON.stringify({ s: sort, o: order, v: values })).toString('base64url');
}

function decodeCursor(cursor: string, sort: RegisterSort, order: string, arity: number): unknown[] {
  const bad = () => invalid([{ field: 'cursor', message: 'cursor is not one this list returned for the same sort and order' }]);
  let parsed: { s?: unknown; o?: unknown; v?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw bad();
  }
  const ok =
    parsed &&
    parsed.s === sort &&
    parsed.o === order &&
    Array.isArray(parsed.v) &&
    parsed.v.length === arity &&
    parsed.v.every((x) => typeof x === 'string' || typeof x === 'number');
  if (!ok) throw bad();
  return parsed.v as unknown[];
}

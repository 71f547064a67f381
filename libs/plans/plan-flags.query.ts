import { Injectable } from '@nestjs/common';
import { TenantTransactions, together, withoutNestedLoops, type SchoolScope } from '#libs/database';
import { numberToYearGroup, pupilSearchSql, yearGroupToNumber, type SenStatus, type YearGroup } from '#libs/register';
import type { QualityFlag } from './domain/plan.types.js';
import { PlanQuery } from './plan.query.js';
import { PlanStore, toPupilFacts, type PupilPlanRecord } from './plan.store.js';
import { FLAG_RULES, checkPupilPlan, type FlagCode } from './quality/plan-quality.js';
import { QualityFactsStore, type PupilExtras } from './quality-facts.store.js';

export interface FlaggedPupil {
  pupilId: string;
  firstName: string;
  lastName: string;
  yearGroup: YearGroup;
  className: string | null;
  status: SenStatus;
  flags: QualityFlag[];
}

/** Which pupils a red-flag list or its counts are about; every part optional. */
export interface FlagsFilter {
  yearGroups?: readonly YearGroup[];
  statuses?: readonly SenStatus[];
  /** Start of a name, or a whole UPN (the register's search). */
  q?: string;
}

export interface FlagCount {
  code: string;
  /** The code in words, for a heading: the API names codes generically, so a new rule needs no change here. */
  label: string;
  rule: string;
  /** Pupils with at least one flag of this code. */
  pupils: number;
  /** Flags of this code (a pupil may have several, e.g. one per target). */
  flags: number;
}

export interface FlagsSummary {
  /** Pupils with at least one flag. */
  pupils: number;
  /** Most pupils first. */
  byCode: FlagCount[];
}

export interface FlagsPage {
  /** Pupils matching, over every page. */
  total: number;
  offset: number;
  limit: number;
  items: FlaggedPupil[];
}

/** "review_date_too_far" → "Review date too far". */
export const flagLabel = (code: string) => {
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A heading for a flag code: the rule's own plain summary, or the code in words for a code the list does not know. */
const labelOf = (code: string) => (FLAG_RULES as Record<string, { summary: string } | undefined>)[code]?.summary ?? flagLabel(code);

/**
 * Pupils a rule can flag, found in SQL ahead of the check: for each code listed, a condition on the pupil `p`
 * that holds for every pupil the rule flags (and may hold for some it does not). A list of one such code then
 * checks only those pupils' plans, not every flagged pupil's: the head's dashboard asks for review_overdue, which
 * the bench's 2,011-pupil school has for 27 pupils of the 383 flagged (docs/performance.md, stop 47). The check
 * still decides who is listed; test/plan-flags.e2e.spec.ts holds each code's list to the whole check's.
 */
const CANDIDATES: Partial<Record<FlagCode, (today: string) => string>> = {
  // checkCycle: the open cycle is active and its version in force has a review date before today. A pupil has
  // at most one open cycle (uq_plan_cycles_one_open), so any version of an active cycle dated before today.
  review_overdue: (today) =>
    `exists (select 1 from plan_cycles c
               join plan_versions v on v.school_id = c.school_id and v.cycle_id = c.id
              where c.school_id = p.school_id and c.pupil_id = p.id and c.status = 'active' and v.review_date < ${today}::date)`,
};

/**
 * The school-wide red flags: every pupil on the register (K or E today), being monitored (monitoring_too_long) or
 * with an open cycle, with the quality
 * check of their plan. The check is code, not SQL, so a school's pupils are read in a bounded number of queries
 * (one for the pupils, PlanStore's seven for all their plans, whatever their number) and checked in memory;
 * counts and pages are cut from that one pass.
 */
@Injectable()
export class PlanFlagsQuery {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly store: PlanStore,
    private readonly plans: PlanQuery,
    private readonly extras: QualityFactsStore,
  ) {}

  async summary(scope: SchoolScope, filter: FlagsFilter): Promise<FlagsSummary> {
    const flagged = await this.flagged(scope, filter);
    const byCode = new Map<string, FlagCount>();
    for (const pupil of flagged) {
      const seen = new Set<string>();
      for (const f of pupil.flags) {
        const count = byCode.get(f.code) ?? { code: f.code, label: labelOf(f.code), rule: f.rule, pupils: 0, flags: 0 };
        count.flags += 1;
        if (!seen.has(f.code)) count.pupils += 1;
        seen.add(f.code);
        byCode.set(f.code, count);
      }
    }
    return { pupils: flagged.length, byCode: [...byCode.values()].sort((a, b) => b.pupils - a.pupils || a.code.localeCompare(b.code)) };
  }

  /** A page of flagged pupils in name order; with `code`, only pupils with that flag, showing only it. */
  async page(scope: SchoolScope, filter: FlagsFilter & { code?: string }, offset: number, limit: number): Promise<FlagsPage> {
    let flagged = await this.flagged(scope, filter, filter.code);
    if (filter.code) {
      flagged = flagged.flatMap((p) => {
        const flags = p.flags.filter((f) => f.code === filter.code);
        return flags.length > 0 ? [{ ...p, flags }] : [];
      });
    }
    return { total: flagged.length, offset, limit, items: flagged.slice(offset, offset + limit) };
  }

  /**
   * Every flagged pupil matching the filter; with a code that has CANDIDATES, only that code's candidates are checked.
   * The reads join a whole school's pupils to their entries and cycles, so they run without nested loops
   * (withoutNestedLoops says why; the controller opens its transaction so, and then this costs nothing). With
   * nested loops, at England's scale the review_overdue list of a 2,000-pupil school took 28 s: the planner
   * expected one active cycle and read all the school's cycles and versions again for each of its 499 pupils
   * (docs/performance.md, *The head's red flags at England's scale*).
   */
  private async flagged(scope: SchoolScope, filter: FlagsFilter, code?: string): Promise<FlaggedPupil[]> {
    return withoutNestedLoops(this.tx.manager(), () => this.read(scope, filter, code));
  }

  private async read(scope: SchoolScope, filter: FlagsFilter, code?: string): Promise<FlaggedPupil[]> {
    const ctx = await this.plans.context(scope);
    const params: unknown[] = [scope.schoolId];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const clauses = [
      `p.school_id = $1`,
      `(e.status in ('K', 'E', 'monitoring')
        or exists (select 1 from plan_cycles c where c.school_id = p.school_id and c.pupil_id = p.id and c.status in ('planning', 'active')))`,
    ];
    if (filter.yearGroups?.length) clauses.push(`p.year_group = any(${param(filter.yearGroups.map(yearGroupToNumber))}::smallint[])`);
    if (filter.statuses?.length) clauses.push(`coalesce(e.status, 'N') = any(${param(filter.statuses)}::text[])`);
    if (filter.q) clauses.push(pupilSearchSql('p', filter.q, param));
    const candidates = code === undefined ? undefined : CANDIDATES[code as FlagCode];
    if (candidates) clauses.push(candidates(param(ctx.today)));
    const rows = await this.tx.manager().query<
      {
        id: string;
        first_name: string;
        last_name: string;
        year_group: number;
        class_name: string | null;
        status: SenStatus;
        register_since: string | null;
      }[]
    >(
      `select p.id, coalesce(p.preferred_first_name, p.legal_first_name) as first_name, coalesce(p.preferred_last_name, p.legal_last_name) as last_name,
                p.year_group, p.class_name, coalesce(e.status, 'N') as status, e.register_since::text as register_since
           from pupils p
           left join sen_status_entries e on e.school_id = p.school_id and e.pupil_id = p.id and e.end_date is null
          where ${clauses.join('\n and ')}
          order by 3, 2, p.id`,
      params,
    );
    const ids = rows.map((r) => r.id);
    // The records the rules need beyond the plans (notices, reports, sessions, the offer) load for all at once,
    // beside the plans. The plans' reads are of one table each, so the records' planner setting (no nested loops
    // for a school's pupils) cannot change how they run.
    const [records, extras] = await together<[Map<string, PupilPlanRecord>, Map<string, PupilExtras>]>(this.tx.manager(), [
      () => this.store.load(scope, ids),
      () => this.extras.pupils(scope, ids, ctx.today, ctx.timezone),
    ]);
    const out: FlaggedPupil[] = [];
    for (const r of rows) {
      const flags = checkPupilPlan(toPupilFacts(records.get(r.id)!, r.status, r.register_since, extras.get(r.id)!), ctx);
      if (flags.length === 0) continue;
      out.push({
        pupilId: r.id,
        firstName: r.first_name,
        lastName: r.last_name,
        yearGroup: numberToYearGroup(r.year_group),
        className: r.class_name,
        status: r.status,
        flags,
      });
    }
    return out;
  }
}

import { Injectable } from '@nestjs/common';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { SchoolToday, SenStatusService, numberToYearGroup, type SenStatus, type YearGroup } from '#libs/register';
import { notFound } from '#libs/core';
import { TenancyService } from '#libs/tenancy';
import type { PupilPlanFacts, QualityContext, QualityFlag } from './domain/plan.types.js';
import { PlanCycle } from './plan-cycle.entity.js';
import { PlanVersion } from './plan-version.entity.js';
import { PlanStore, openCycle, toPupilFacts, toVersionFacts, type CycleRecord, type PupilPlanRecord, type VersionRecord } from './plan.store.js';
import { checkPupilPlan, checkVersion } from './quality/plan-quality.js';
import { previousCyclesOf } from './quality/select.js';
import { QualityFactsStore, sencoReachable } from './quality-facts.store.js';

export interface PupilPlan {
  record: PupilPlanRecord;
  status: SenStatus;
  registerSince: string | null;
  flags: QualityFlag[];
  context: QualityContext;
  /** What the flags were computed from, so a version's own check reads the same records. */
  facts: PupilPlanFacts;
}

export interface FlaggedPupil {
  pupilId: string;
  firstName: string;
  lastName: string;
  yearGroup: YearGroup;
  className: string | null;
  status: SenStatus;
  flags: QualityFlag[];
}

/** Reads of plans with their quality flags: one pupil's, or every flagged pupil of a school. */
@Injectable()
export class PlanQuery {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly store: PlanStore,
    private readonly status: SenStatusService,
    private readonly tenancy: TenancyService,
    private readonly today: SchoolToday,
    private readonly extras: QualityFactsStore,
  ) {}

  async pupilPlan(scope: SchoolScope, pupilId: string): Promise<PupilPlan> {
    const ctx = await this.context(scope);
    const [record, current, extras] = await Promise.all([
      this.store.loadOne(scope, pupilId),
      this.status.current(scope, pupilId),
      this.extras.pupils(scope, [pupilId], ctx.today, ctx.timezone),
    ]);
    const status = current?.status ?? 'N';
    const registerSince = current?.registerSince ?? null;
    const facts = toPupilFacts(record, status, registerSince, extras.get(pupilId)!);
    return { record, status, registerSince, flags: checkPupilPlan(facts, ctx), context: ctx, facts };
  }

  /** The pupil a cycle belongs to; row-level security hides cycles of pupils the caller may not see. */
  async pupilOfCycle(scope: SchoolScope, cycleId: string): Promise<string> {
    const cycle = await this.tx.manager().findOneBy(PlanCycle, { id: cycleId, schoolId: scope.schoolId });
    if (!cycle) throw notFound('Plan cycle');
    return cycle.pupilId;
  }

  async pupilOfVersion(scope: SchoolScope, versionId: string): Promise<string> {
    const version = await this.tx.manager().findOneBy(PlanVersion, { id: versionId, schoolId: scope.schoolId });
    if (!version) throw notFound('Plan version');
    return version.pupilId;
  }

  /**
   * Every pupil on the register (K or E today), being monitored (for monitoring_too_long) or with an open
   * cycle, with their flags; only pupils with at least one flag are returned, optionally only those with a
   * given flag code. The records the rules need are loaded for all of them at once (QualityFactsStore).
   */
  async schoolFlags(scope: SchoolScope, code?: string): Promise<FlaggedPupil[]> {
    const ctx = await this.context(scope);
    const rows = (await this.tx.manager().query(
      `select p.id, coalesce(p.preferred_first_name, p.legal_first_name) as first_name, coalesce(p.preferred_last_name, p.legal_last_name) as last_name,
              p.year_group, p.class_name, coalesce(e.status, 'N') as status, e.register_since::text as register_since
         from pupils p
         left join sen_status_entries e on e.school_id = p.school_id and e.pupil_id = p.id and e.end_date is null
        where p.school_id = $1
          and (e.status in ('K', 'E', 'monitoring')
               or exists (select 1 from plan_cycles c where c.school_id = p.school_id and c.pupil_id = p.id and c.status in ('planning', 'active')))
        order by 3, 2, p.id`,
      [scope.schoolId],
    )) as { id: string; first_name: string; last_name: string; year_group: number; class_name: string | null; status: SenStatus; register_since: string | null }[];
    const ids = rows.map((r) => r.id);
    const [records, extras] = await Promise.all([this.store.load(scope, ids), this.extras.pupils(scope, ids, ctx.today, ctx.timezone)]);
    const out: FlaggedPupil[] = [];
    for (const r of rows) {
      let flags = checkPupilPlan(toPupilFacts(records.get(r.id)!, r.status, r.register_since, extras.get(r.id)!), ctx);
      if (code) flags = flags.filter((f) => f.code === code);
      if (flags.length === 0) continue;
      out.push({ pupilId: r.id, firstName: r.first_name, lastName: r.last_name, yearGroup: numberToYearGroup(r.year_group), className: r.class_name, status: r.status, flags });
    }
    return out;
  }

  private async context(scope: SchoolScope): Promise<QualityContext & { timezone: string }> {
    // One read of the school for both (it was read twice on every plan read).
    const school = await this.tenancy.getSchool(scope);
    const today = this.today.inZone(school.timezone);
    const calendar = await this.extras.calendar(scope, today);
    return { today, timezone: school.timezone, reviewIntervalWeeks: school.reviewIntervalWeeks, sencoReachable: sencoReachable(school), calendar };
  }
}

/** The quality check of one version, judged against the reviewed cycles before its own and the pupil's records. */
export function versionFlags(plan: PupilPlan, cycle: CycleRecord, version: VersionRecord): QualityFlag[] {
  const { facts } = plan;
  const ownCycle = facts.cycles.find((c) => c.id === cycle.cycle.id)!;
  return checkVersion(toVersionFacts(version), { ...plan.context, previousCycles: previousCyclesOf(facts, ownCycle), reports: facts.reports, deliveries: facts.deliveries });
}

export function previousReviewed(cycles: CycleRecord[], cycle: CycleRecord): CycleRecord | null {
  const prev = cycles.find((c) => c.cycle.number === cycle.cycle.number - 1);
  return prev?.review ? prev : null;
}

export { openCycle };

import { Injectable } from '@nestjs/common';
import { TenantTransactions, together, type SchoolScope } from '#libs/database';
import { SchoolToday, type SenStatus } from '#libs/register';
import { notFound } from '#libs/core';
import { TenancyService } from '#libs/tenancy';
import type { PupilPlanFacts, QualityContext, QualityFlag } from './domain/plan.types.js';
import { PlanCycle } from './plan-cycle.entity.js';
import { PlanVersion } from './plan-version.entity.js';
import { PlanStore, openCycle, toPupilFacts, toVersionFacts, type CycleRecord, type PupilPlanRecord, type VersionRecord } from './plan.store.js';
import { checkPupilPlan, checkVersion } from './quality/plan-quality.js';
import { previousCyclesOf } from './quality/select.js';
import { QualityFactsStore, sencoReachable, type PupilExtras } from './quality-facts.store.js';

export interface PupilPlan {
  record: PupilPlanRecord;
  status: SenStatus;
  registerSince: string | null;
  flags: QualityFlag[];
  context: QualityContext;
  /** What the flags were computed from, so a version's own check reads the same records. */
  facts: PupilPlanFacts;
}

/** Reads of one pupil's plan with its quality flags (the school-wide list: PlanFlagsQuery). */
@Injectable()
export class PlanQuery {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly store: PlanStore,
    private readonly tenancy: TenancyService,
    private readonly today: SchoolToday,
    private readonly extras: QualityFactsStore,
  ) {}

  async pupilPlan(scope: SchoolScope, pupilId: string): Promise<PupilPlan> {
    const ctx = await this.context(scope);
    const [record, extras] = await together<[PupilPlanRecord, Map<string, PupilExtras>]>(this.tx.manager(), [
      () => this.store.loadOne(scope, pupilId),
      () => this.extras.pupils(scope, [pupilId], ctx.today, ctx.timezone),
    ]);
    const loaded = extras.get(pupilId)!;
    const status = loaded.current?.status ?? 'N';
    const registerSince = loaded.current?.registerSince ?? null;
    const facts = toPupilFacts(record, status, registerSince, loaded);
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

  /** What the quality check needs of the school: today in its time zone and its review interval. */
  async context(scope: SchoolScope): Promise<QualityContext & { timezone: string }> {
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
  return checkVersion(toVersionFacts(version), {
    ...plan.context,
    previousCycles: previousCyclesOf(facts, ownCycle),
    reports: facts.reports,
    deliveries: facts.deliveries,
  });
}

export function previousReviewed(cycles: CycleRecord[], cycle: CycleRecord): CycleRecord | null {
  const prev = cycles.find((c) => c.cycle.number === cycle.cycle.number - 1);
  return prev?.review ? prev : null;
}

export { openCycle };

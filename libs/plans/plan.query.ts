import { Injectable } from '@nestjs/common';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { SchoolToday, SenStatusService, type SenStatus } from '#libs/register';
import { notFound } from '#libs/core';
import { TenancyService } from '#libs/tenancy';
import type { QualityContext, QualityFlag } from './domain/plan.types.js';
import { PlanCycle } from './plan-cycle.entity.js';
import { PlanVersion } from './plan-version.entity.js';
import { PlanStore, openCycle, toCycleFacts, toPupilFacts, toVersionFacts, type CycleRecord, type PupilPlanRecord, type VersionRecord } from './plan.store.js';
import { checkPupilPlan, checkVersion } from './quality/plan-quality.js';

export interface PupilPlan {
  record: PupilPlanRecord;
  status: SenStatus;
  registerSince: string | null;
  flags: QualityFlag[];
  context: QualityContext;
}

/** Reads of one pupil's plan with its quality flags (the school-wide list: PlanFlagsQuery). */
@Injectable()
export class PlanQuery {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly store: PlanStore,
    private readonly status: SenStatusService,
    private readonly tenancy: TenancyService,
    private readonly today: SchoolToday,
  ) {}

  async pupilPlan(scope: SchoolScope, pupilId: string): Promise<PupilPlan> {
    const [record, current, ctx] = await Promise.all([this.store.loadOne(scope, pupilId), this.status.current(scope, pupilId), this.context(scope)]);
    const status = current?.status ?? 'N';
    const registerSince = current?.registerSince ?? null;
    return { record, status, registerSince, flags: checkPupilPlan(toPupilFacts(record, status, registerSince), ctx), context: ctx };
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
  async context(scope: SchoolScope): Promise<QualityContext> {
    // One read of the school for both (it was read twice on every plan read).
    const school = await this.tenancy.getSchool(scope);
    return { today: this.today.inZone(school.timezone), reviewIntervalWeeks: school.reviewIntervalWeeks };
  }
}

/** The quality check of one version, judged against the reviewed cycle before its own. */
export function versionFlags(plan: PupilPlan, cycle: CycleRecord, version: VersionRecord): QualityFlag[] {
  const previous = previousReviewed(plan.record.cycles, cycle);
  return checkVersion(toVersionFacts(version), { ...plan.context, previousCycle: previous ? toCycleFacts(previous) : null });
}

export function previousReviewed(cycles: CycleRecord[], cycle: CycleRecord): CycleRecord | null {
  const prev = cycles.find((c) => c.cycle.number === cycle.cycle.number - 1);
  return prev?.review ? prev : null;
}

export { openCycle };

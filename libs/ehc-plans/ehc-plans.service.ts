import { Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { conflict, invalid, notFound, requestContext, type FieldError } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { Pupil, SchoolToday, SenStatusService, numberToYearGroup, sameStatus, type NeedCode } from '#libs/register';
import { TenancyService } from '#libs/tenancy';
import { EhcReview } from './annual-review.entity.js';
import { addDays } from '#libs/core';
import { reviewDue, type TransferSetting } from './domain/due-dates.js';
import type { PlanOutcome, RequestedBy, ReviewKind } from './domain/ehc.types.js';
import { EhcPlan } from './ehc-plan.entity.js';

export interface IssuedPlanInput {
  pupilId: string;
  issuedOn: string;
  authority: string;
  outcomes: PlanOutcome[];
  /** The pupil's own phase transfer: a year group to leave from, 'none', or null for the school's phase. */
  transferSetting?: TransferSetting;
  /** Needed only when the pupil has no primary need on the register yet (an E status must have one). */
  primaryNeed?: NeedCode | null;
}

/**
 * The EHC plan record (docs/domain.md, "EHC plan reviews and re-assessment"): the plan as issued, its
 * amended versions, and the review each one opens.
 */
@Injectable()
export class EhcPlansService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly status: SenStatusService,
    private readonly audit: AuditService,
    private readonly today: SchoolToday,
    private readonly tenancy: TenancyService,
  ) {}

  /**
   * Records the plan the local authority issued and, unless the pupil is already E with that plan date, moves
   * them to E on the register through the register's own rules, in the same transaction (the history is
   * appended). Idempotent: the same plan recorded again returns the first record, so a request flow's
   * "plan issued" outcome may call it more than once.
   */
  async recordIssuedPlan(scope: SchoolScope, input: IssuedPlanInput): Promise<{ plan: EhcPlan; created: boolean }> {
    const m = this.tx.manager();
    const pupil = await m.findOneBy(Pupil, { id: input.pupilId, schoolId: scope.schoolId });
    if (!pupil) throw notFound('Pupil');
    const today = await this.today.of(scope);
    const errors: FieldError[] = [];
    if (input.issuedOn > today)
      errors.push({ field: 'issuedOn', message: `issuedOn ${input.issuedOn} is in the future; record the plan once the authority has issued it` });
    if (input.issuedOn < pupil.dateOfBirth) errors.push({ field: 'issuedOn', message: `issuedOn ${input.issuedOn} is before the pupil's date of birth` });
    if (input.outcomes.length === 0)
      errors.push({ field: 'outcomes', message: 'record at least one outcome from the plan: the outcomes are what each annual review reviews' });
    if (errors.length > 0) throw invalid(errors);

    const existing = await m.findOne(EhcPlan, { where: { schoolId: scope.schoolId, pupilId: pupil.id }, order: { version: 'DESC' } });
    if (existing) {
      if (existing.issuedOn === input.issuedOn) return { plan: existing, created: false };
      throw conflict(`An EHC plan issued on ${existing.issuedOn} is already recorded for this pupil; record an amendment through its review`, [
        { field: 'issuedOn', message: `the pupil's plan was issued on ${existing.issuedOn}` },
      ]);
    }
    await this.moveToE(scope, pupil, input, today);
    const plan = await m.save(
      m.create(EhcPlan, {
        schoolId: scope.schoolId,
        pupilId: pupil.id,
        version: 1,
        issuedOn: input.issuedOn,
        authority: input.authority,
        outcomes: input.outcomes,
        transferSetting: input.transferSetting ?? null,
        proposedAmendedOn: null,
        finalAmendedOn: null,
        recordedBy: requestContext.get()?.userId ?? null,
      }),
    );
    await this.openReview(scope, plan, pupil, input.issuedOn, today, 'annual', null);
    await this.audit.record(scope, { action: 'ehc_plan.recorded', entityType: 'pupil', entityId: pupil.id, details: { planId: plan.id, version: 1 } });
    return { plan, created: true };
  }

  /** The E status with the plan's date, unless the pupil has it already. */
  private async moveToE(scope: SchoolScope, pupil: Pupil, input: IssuedPlanInput, today: string): Promise<void> {
    const current = await this.status.current(scope, pupil.id);
    const primaryNeed = current?.primaryNeed ?? input.primaryNeed ?? null;
    const change = { status: 'E' as const, primaryNeed, secondaryNeed: current?.secondaryNeed ?? null, ehcPlanDate: input.issuedOn };
    if (current && sameStatus(current, change)) return;
    if (!primaryNeed)
      throw invalid([
        { field: 'primaryNeed', message: "the pupil has no primary need on the register: give the plan's primary need so they can be recorded as E" },
      ]);
    // The E status starts the day the plan was issued, or the day after the current status began when that is later.
    const startDate = current && current.startDate >= input.issuedOn ? addDays(current.startDate, 1) : input.issuedOn;
    await this.status.change(
      scope,
      pupil.id,
      { ...change, startDate: startDate > today ? today : startDate, reason: `EHC plan issued on ${input.issuedOn}` },
      today,
    );
  }

  /** Opens the next review of a plan, due from `from` (the issue date or the last meeting). */
  async openReview(
    scope: SchoolScope,
    plan: EhcPlan,
    pupil: Pupil,
    from: string,
    today: string,
    kind: ReviewKind,
    requestedBy: RequestedBy | null,
  ): Promise<EhcReview> {
    const m = this.tx.manager();
    const school = await this.tenancy.getSchool(scope);
    const due = reviewDue({
      from,
      dateOfBirth: pupil.dateOfBirth,
      yearGroup: numberToYearGroup(pupil.yearGroup),
      today,
      phase: school.phase,
      setting: plan.transferSetting as TransferSetting,
    });
    // An interim or early review may be held at any time: it is due now, not at the 12-month date.
    const holdBy = kind === 'annual' ? due.holdBy : today;
    return m.save(
      m.create(EhcReview, {
        schoolId: scope.schoolId,
        pupilId: pupil.id,
        planId: plan.id,
        kind,
        requestedBy,
        status: 'due',
        dueOn: kind === 'annual' ? due.dueOn : today,
        transferDeadline: due.transferDeadline,
        holdBy,
        meetingOn: null,
        place: null,
        adviceCirculatedOn: null,
        adviceCirculatedLate: false,
        heldOn: null,
        pupilViews: null,
        parentViews: null,
        progress: null,
        preparingForAdulthood: null,
        recommendation: null,
        proposedChanges: null,
        reportSentOn: null,
        decision: null,
        decisionOn: null,
      }),
    );
  }

  /** The pupil's plan versions, newest first (an empty list when none is recorded). */
  async versions(scope: SchoolScope, pupilId: string): Promise<EhcPlan[]> {
    return this.tx.manager().find(EhcPlan, { where: { schoolId: scope.schoolId, pupilId }, order: { version: 'DESC' } });
  }
}

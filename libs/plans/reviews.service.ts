import { Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { DomainError, conflict, invalid, requestContext, type FieldError, addDays } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { EVENT_TYPES, OutboxService } from '#libs/outbox';
import { SchoolToday, SenStatusService } from '#libs/register';
import { decisionsFor, type Attendee, type Outcome, type ReviewDecision } from './domain/plan.types.js';
import { type PlanContent } from './plan-content.js';
import { PlanCycle } from './plan-cycle.entity.js';
import { PlanProvision } from './plan-provision.entity.js';
import { PlanReview } from './plan-review.entity.js';
import { PlanTarget } from './plan-target.entity.js';
import { PlanVersion } from './plan-version.entity.js';
import { PlansService } from './plans.service.js';
import { ReviewOutcome } from './review-outcome.entity.js';

export interface ReviewInput {
  heldOn: string;
  attendees: Attendee[];
  outcomes: { targetId: string; outcome: Outcome; measuredValue: string | null; comment: string | null }[];
  whatWorked: string | null;
  whatDidNotWork: string | null;
  parentViews: string | null;
  pupilViews: string | null;
  decision: ReviewDecision;
  ehcnaRequestedOn: string | null;
}

export interface ReviewResult {
  review: PlanReview;
  nextCycle: PlanCycle | null;
}

/**
 * The Review of the graduated approach (Code of Practice 6.54–6.56): every target's outcome against its
 * baseline, what worked, the views of the parents and the pupil, and a decision — continue with changes
 * (the next cycle opens with the unmet targets carried forward for editing), end SEN Support, or escalate
 * to a request for an EHC needs assessment (support continues meanwhile, so a next cycle opens too); for a
 * pupil with an EHC plan, continue, or ask for an early review or a re-assessment of the plan.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly plans: PlansService,
    private readonly status: SenStatusService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly today: SchoolToday,
  ) {}

  async record(scope: SchoolScope, cycleId: string, input: ReviewInput): Promise<ReviewResult> {
    const m = this.tx.manager();
    const cycle = await this.plans.lockCycle(scope, cycleId);
    if (cycle.status !== 'active') {
      throw conflict(
        cycle.status === 'planning'
          ? 'This cycle’s plan has not been agreed and put in place, so there is nothing to review yet'
          : `This cycle was already ${cycle.status}; review the pupil's current cycle`,
      );
    }
    const versions = await m.find(PlanVersion, { where: { schoolId: scope.schoolId, cycleId }, order: { version: 'ASC' } });
    const active = versions.find((v) => v.status === 'active')!;
    const targets = await m.find(PlanTarget, { where: { schoolId: scope.schoolId, versionId: active.id }, order: { position: 'ASC' } });
    const today = await this.today.of(scope);
    const errors = checkReview(input, active, targets, today);
    if (errors.length > 0) throw invalid(errors);

    const current = await this.status.current(scope, cycle.pupilId);
    const allowed = decisionsFor(current?.status);
    if (!allowed.includes(input.decision)) {
      // An EHC plan is ceased by the local authority, and a pupil who has one is not assessed for one again:
      // the school asks for an early review or a re-assessment (CFA 2014 s.44). Without a plan, neither exists.
      const why =
        current?.status === 'E'
          ? `${input.decision} is not available for a pupil with an EHC plan; choose ${allowed.join(', ')}`
          : `${input.decision} is only for a pupil with an EHC plan; choose ${allowed.join(', ')}`;
      throw new DomainError(422, 'decision-not-available', 'This review decision is not open to the pupil’s SEN status', [{ field: 'decision', message: why }]);
    }

    const review = await m.save(
      m.create(PlanReview, {
        schoolId: scope.schoolId,
        pupilId: cycle.pupilId,
        cycleId,
        versionId: active.id,
        heldOn: input.heldOn,
        dueOn: active.reviewDate,
        attendees: input.attendees,
        whatWorked: input.whatWorked,
        whatDidNotWork: input.whatDidNotWork,
        parentViews: input.parentViews,
        pupilViews: input.pupilViews,
        decision: input.decision,
        ehcnaRequestedOn: input.decision === 'escalate' ? (input.ehcnaRequestedOn ?? input.heldOn) : null,
        recordedBy: requestContext.get()?.userId ?? null,
      }),
    );
    await m.insert(
      ReviewOutcome,
      input.outcomes.map((o) => ({ schoolId: scope.schoolId, pupilId: cycle.pupilId, reviewId: review.id, ...o })),
    );
    // Drafts of changes nobody put in place end with the cycle.
    for (const pending of versions.filter((v) => v.status === 'draft' || v.status === 'agreed')) {
      await m.update(PlanVersion, { id: pending.id, schoolId: scope.schoolId }, { status: 'superseded', supersededOn: today });
    }
    await m.update(PlanCycle, { id: cycleId, schoolId: scope.schoolId }, { status: 'reviewed', reviewedOn: input.heldOn });

    let nextCycle: PlanCycle | null = null;
    if (input.decision === 'end_support') {
      if (current?.status === 'K') {
        await this.status.change(
          scope,
          cycle.pupilId,
          {
            status: 'N',
            startDate: input.heldOn,
            primaryNeed: null,
            secondaryNeed: null,
            ehcPlanDate: null,
            reason: `Support plan review of ${input.heldOn}: SEN Support ended`,
          },
          today,
          { endLetterSent: true },
        );
      }
    } else {
      nextCycle = await this.openNext(scope, cycle, active, targets, input);
    }
    await this.outbox.recordMany(scope, [
      { type: EVENT_TYPES.planReviewed, subjectType: 'pupil', subjectId: cycle.pupilId, payload: { cycleId, reviewId: review.id, decision: input.decision } },
    ]);
    await this.audit.record(scope, {
      action: 'plan.reviewed',
      entityType: 'pupil',
      entityId: cycle.pupilId,
      details: { cycleId, reviewId: review.id, decision: input.decision },
    });
    return { review, nextCycle };
  }

  /** The next cycle opens as a draft built from this one: targets not achieved carried forward for editing. */
  private async openNext(scope: SchoolScope, cycle: PlanCycle, active: PlanVersion, targets: PlanTarget[], input: ReviewInput): Promise<PlanCycle> {
    const m = this.tx.manager();
    const provisions = await m.find(PlanProvision, { where: { schoolId: scope.schoolId, versionId: active.id }, order: { position: 'ASC' } });
    const outcomeOf = new Map(input.outcomes.map((o) => [o.targetId, o]));
    const weeks = await this.plans.reviewIntervalWeeks(scope);
    const content: PlanContent = {
      startsOn: input.heldOn,
      reviewDate: addDays(input.heldOn, weeks * 7),
      needs: active.needs,
      strengths: active.strengths,
      attainment: active.attainment,
      pupilViews: input.pupilViews ?? active.pupilViews,
      parentViews: input.parentViews ?? active.parentViews,
      homeSupport: active.homeSupport,
      involvement: null,
      changeSummary: `Opened by the review of ${input.heldOn}; targets not yet achieved carried forward for editing`,
      targets: targets
        .filter((t) => outcomeOf.get(t.id)!.outcome !== 'achieved')
        .map((t) => ({
          description: t.description,
          areaOfNeed: t.areaOfNeed,
          measure: t.measure,
          // What the review measured is where the next cycle starts from.
          baseline: outcomeOf.get(t.id)!.measuredValue ?? t.baseline,
          successCriterion: t.successCriterion,
          targetDate: null,
          carriedFromId: t.id,
        })),
      provisions: provisions.map((p) => ({
        description: p.description,
        interventionId: p.interventionId,
        staffRole: p.staffRole,
        deliveredBy: p.deliveredBy,
        frequencyCount: p.frequencyCount,
        frequencyPeriod: p.frequencyPeriod,
        minutesPerSession: p.minutesPerSession,
        groupSize: p.groupSize,
        startsOn: input.heldOn,
        endsOn: null,
      })),
    };
    const next = await m.save(
      m.create(PlanCycle, {
        schoolId: scope.schoolId,
        pupilId: cycle.pupilId,
        number: cycle.number + 1,
        status: 'planning',
        openedOn: input.heldOn,
        activatedOn: null,
        reviewDate: null,
        reviewedOn: null,
        closedOn: null,
        previousCycleId: cycle.id,
      }),
    );
    await this.plans.insertVersion(scope, next, 1, content);
    return next;
  }
}

function checkReview(input: ReviewInput, active: PlanVersion, targets: PlanTarget[], today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (input.heldOn > today) errors.push({ field: 'heldOn', message: `heldOn ${input.heldOn} is in the future; record a review once it has been held` });
  if (input.heldOn < active.startsOn) errors.push({ field: 'heldOn', message: `heldOn ${input.heldOn} is before the plan started (${active.startsOn})` });
  if (input.ehcnaRequestedOn !== null && input.decision !== 'escalate') {
    errors.push({ field: 'ehcnaRequestedOn', message: 'ehcnaRequestedOn is only for a review that decides to escalate' });
  }
  if (input.ehcnaRequestedOn !== null && input.ehcnaRequestedOn < input.heldOn) {
    errors.push({ field: 'ehcnaRequestedOn', message: `ehcnaRequestedOn ${input.ehcnaRequestedOn} is before the review (${input.heldOn})` });
  }
  const ids = new Set(targets.map((t) => t.id));
  const seen = new Set<string>();
  input.outcomes.forEach((o, i) => {
    if (!ids.has(o.targetId)) errors.push({ field: `outcomes.${i}.targetId`, message: `outcomes.${i}.targetId is not a target of the plan under review` });
    else if (seen.has(o.targetId)) errors.push({ field: `outcomes.${i}.targetId`, message: `outcomes.${i}.targetId is given twice` });
    seen.add(o.targetId);
  });
  const missing = targets.filter((t) => !seen.has(t.id)).map((t) => targets.indexOf(t) + 1);
  if (missing.length > 0) errors.push({ field: 'outcomes', message: `record an outcome for every target: target ${missing.join(', ')} of the plan has none` });
  return errors;
}

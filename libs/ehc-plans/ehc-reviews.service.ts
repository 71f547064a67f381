import { Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { conflict, invalid, notFound, type FieldError } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { EVENT_TYPES, OutboxService, type EventType } from '#libs/outbox';
import { Pupil, SchoolToday, numberToYearGroup } from '#libs/register';
import { EhcReview } from './annual-review.entity.js';
import { needsPreparingForAdulthood } from './domain/due-dates.js';
import type { InviteeRole, Recommendation, RequestedBy } from './domain/ehc.types.js';
import {
  checkAdvice,
  checkAfterMeeting,
  checkCirculation,
  checkInvitation,
  checkMeeting,
  checkMeetingDate,
  type MeetingRecord,
} from './domain/review-checks.js';
import { EhcPlan } from './ehc-plan.entity.js';
import { EhcPlansService } from './ehc-plans.service.js';
import { EhcReviewInvitee } from './review-invitee.entity.js';

export interface InvitationInput {
  invitedOn: string;
  recordLate: boolean;
  invitees: { role: InviteeRole; name: string; adviceRequested: boolean }[];
}

export interface DecisionInput {
  decision: Recommendation;
  decidedOn: string;
  proposedAmendedOn: string | null;
  finalAmendedOn: string | null;
}

/**
 * The steps of an EHC plan review, each dated and checked, each one audited (the audit log is the review's
 * history): schedule, invite (reg. 20(3)), advice and its circulation (reg. 20(4)), the meeting, the report
 * (reg. 20(7)) and the authority's decision (reg. 20(10)). The parents' messages go through the outbox in
 * the same transaction.
 */
@Injectable()
export class EhcReviewsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly plans: EhcPlansService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly today: SchoolToday,
  ) {}

  async get(scope: SchoolScope, reviewId: string): Promise<{ review: EhcReview; plan: EhcPlan; invitees: EhcReviewInvitee[] }> {
    const m = this.tx.manager();
    const review = await m.findOneBy(EhcReview, { id: reviewId, schoolId: scope.schoolId });
    if (!review) throw notFound('EHC plan review');
    const plan = (await m.findOneBy(EhcPlan, { id: review.planId, schoolId: scope.schoolId }))!;
    const invitees = await m.find(EhcReviewInvitee, { where: { schoolId: scope.schoolId, reviewId }, order: { invitedOn: 'ASC', name: 'ASC' } });
    return { review, plan, invitees };
  }

  /** An interim or early review, at any time: asked for by the parents, or by a SEN Support review of an E pupil. */
  async request(scope: SchoolScope, pupilId: string, kind: 'interim' | 'early', requestedBy: RequestedBy): Promise<EhcReview> {
    const m = this.tx.manager();
    const pupil = await m.findOneBy(Pupil, { id: pupilId, schoolId: scope.schoolId });
    if (!pupil) throw notFound('Pupil');
    const [plan] = await this.plans.versions(scope, pupilId);
    if (!plan) throw conflict('The pupil has no EHC plan recorded: record the issued plan first');
    const today = await this.today.of(scope);
    const review = await this.plans.openReview(scope, plan, pupil, today, today, kind, requestedBy);
    await this.done(scope, review, 'ehc_review.requested', { kind, requestedBy });
    return review;
  }

  async schedule(scope: SchoolScope, reviewId: string, meetingOn: string, place: string | null): Promise<EhcReview> {
    const { review, plan } = await this.lock(scope, reviewId);
    const errors = checkMeetingDate('meetingOn', meetingOn, plan.issuedOn, await this.today.of(scope), review.heldOn !== null);
    if (errors.length > 0) throw invalid(errors);
    await this.update(scope, review, { meetingOn, place, status: 'scheduled' });
    await this.done(scope, review, 'ehc_review.scheduled', { meetingOn });
    return review;
  }

  async invite(scope: SchoolScope, reviewId: string, input: InvitationInput): Promise<EhcReviewInvitee[]> {
    const { review } = await this.lock(scope, reviewId);
    const today = await this.today.of(scope);
    const { errors, late } = checkInvitation(input.invitedOn, review.meetingOn, today, input.recordLate);
    if (review.heldOn) errors.push({ field: 'invitedOn', message: 'the meeting has been held' });
    if (errors.length > 0) throw invalid(errors);
    const m = this.tx.manager();
    const rows = await m.save(
      input.invitees.map((i) =>
        m.create(EhcReviewInvitee, {
          schoolId: scope.schoolId,
          pupilId: review.pupilId,
          reviewId,
          role: i.role,
          name: i.name,
          invitedOn: input.invitedOn,
          late,
          adviceRequestedOn: i.adviceRequested ? input.invitedOn : null,
          adviceReceivedOn: null,
          adviceSummary: null,
        }),
      ),
    );
    // The parents (or the young person) are invited by the school's letter: one event, whoever else is invited.
    if (input.invitees.some((i) => i.role === 'parent' || i.role === 'young_person'))
      await this.event(scope, review, EVENT_TYPES.ehcReviewInvitation, `${input.invitedOn}`);
    await this.done(scope, review, 'ehc_review.invited', { invitees: rows.length, late });
    return rows;
  }

  async recordAdvice(
    scope: SchoolScope,
    reviewId: string,
    inviteeId: string,
    input: { requestedOn: string | null; receivedOn: string | null; summary: string | null },
  ): Promise<EhcReviewInvitee> {
    const { review } = await this.lock(scope, reviewId);
    const m = this.tx.manager();
    const invitee = await m.findOneBy(EhcReviewInvitee, { id: inviteeId, reviewId, schoolId: scope.schoolId });
    if (!invitee) throw notFound('Invitee');
    const requestedOn = input.requestedOn ?? invitee.adviceRequestedOn;
    const errors: FieldError[] = checkAdvice(requestedOn, input.receivedOn, invitee.invitedOn, await this.today.of(scope));
    if (input.receivedOn && !input.summary?.trim()) errors.push({ field: 'summary', message: 'say what the advice says (a summary), so it can be circulated' });
    if (errors.length > 0) throw invalid(errors);
    await m.update(
      EhcReviewInvitee,
      { id: inviteeId, schoolId: scope.schoolId },
      { adviceRequestedOn: requestedOn, adviceReceivedOn: input.receivedOn, adviceSummary: input.summary },
    );
    await this.done(scope, review, 'ehc_review.advice_recorded', { inviteeId, received: input.receivedOn !== null });
    return (await m.findOneBy(EhcReviewInvitee, { id: inviteeId, schoolId: scope.schoolId }))!;
  }

  async circulate(scope: SchoolScope, reviewId: string, circulatedOn: string, recordLate: boolean): Promise<EhcReview> {
    const { review } = await this.lock(scope, reviewId);
    const { errors, late } = checkCirculation(circulatedOn, review.meetingOn, await this.today.of(scope), recordLate);
    if (review.adviceCirculatedOn) errors.push({ field: 'circulatedOn', message: `the advice was circulated on ${review.adviceCirculatedOn}` });
    if (errors.length > 0) throw invalid(errors);
    await this.update(scope, review, { adviceCirculatedOn: circulatedOn, adviceCirculatedLate: late });
    await this.event(scope, review, EVENT_TYPES.ehcReviewAdvice, circulatedOn);
    await this.done(scope, review, 'ehc_review.advice_circulated', { late });
    return review;
  }

  /** The meeting as held; the next annual review opens, due within 12 months of it (s.44). */
  async hold(scope: SchoolScope, reviewId: string, input: MeetingRecord): Promise<EhcReview> {
    const { review, plan } = await this.lock(scope, reviewId);
    const m = this.tx.manager();
    const pupil = (await m.findOneBy(Pupil, { id: review.pupilId, schoolId: scope.schoolId }))!;
    const today = await this.today.of(scope);
    const errors = checkMeeting(input, plan.issuedOn, plan.outcomes.length, today, needsPreparingForAdulthood(numberToYearGroup(pupil.yearGroup)));
    if (review.heldOn) errors.push({ field: 'heldOn', message: `the meeting was recorded as held on ${review.heldOn}` });
    if (errors.length > 0) throw invalid(errors);
    await this.update(scope, review, { ...input, meetingOn: review.meetingOn ?? input.heldOn, status: 'held' });
    await this.plans.openReview(scope, plan, pupil, input.heldOn, today, 'annual', null);
    await this.done(scope, review, 'ehc_review.held', { recommendation: input.recommendation });
    return review;
  }

  async sendReport(scope: SchoolScope, reviewId: string, sentOn: string): Promise<EhcReview> {
    const { review } = await this.lock(scope, reviewId);
    const errors = checkAfterMeeting('sentOn', sentOn, review.heldOn, await this.today.of(scope));
    if (review.reportSentOn) errors.push({ field: 'sentOn', message: `the report was sent on ${review.reportSentOn}` });
    if (errors.length > 0) throw invalid(errors);
    await this.update(scope, review, { reportSentOn: sentOn, status: 'reported' });
    await this.event(scope, review, EVENT_TYPES.ehcReviewReport, sentOn);
    await this.done(scope, review, 'ehc_review.report_sent', {});
    return review;
  }

  /** The authority's decision; an amendment with its final date adds a version of the plan. */
  async decide(scope: SchoolScope, reviewId: string, input: DecisionInput): Promise<EhcReview> {
    const { review, plan } = await this.lock(scope, reviewId);
    const today = await this.today.of(scope);
    const errors = checkAfterMeeting('decidedOn', input.decidedOn, review.heldOn, today);
    if (review.decisionOn) errors.push({ field: 'decidedOn', message: `the decision was recorded on ${review.decisionOn}` });
    if (input.decision !== 'amend' && (input.proposedAmendedOn || input.finalAmendedOn))
      errors.push({ field: 'decision', message: 'amended plan dates are only for a decision to amend' });
    if (input.proposedAmendedOn) errors.push(...checkAfterMeeting('proposedAmendedOn', input.proposedAmendedOn, review.heldOn, today));
    if (input.finalAmendedOn && (!input.proposedAmendedOn || input.finalAmendedOn < input.proposedAmendedOn)) {
      errors.push({
        field: 'finalAmendedOn',
        message: 'the final amended plan comes after the proposed amendments: give proposedAmendedOn, on or before finalAmendedOn',
      });
    }
    if (input.finalAmendedOn && input.finalAmendedOn > today)
      errors.push({ field: 'finalAmendedOn', message: `finalAmendedOn ${input.finalAmendedOn} is in the future` });
    if (errors.length > 0) throw invalid(errors);
    await this.update(scope, review, { decision: input.decision, decisionOn: input.decidedOn, status: 'decided' });
    if (input.decision === 'amend' && input.proposedAmendedOn) {
      const m = this.tx.manager();
      await m.insert(EhcPlan, {
        schoolId: scope.schoolId,
        pupilId: plan.pupilId,
        version: plan.version + 1,
        issuedOn: plan.issuedOn,
        authority: plan.authority,
        outcomes: plan.outcomes,
        transferSetting: plan.transferSetting,
        proposedAmendedOn: input.proposedAmendedOn,
        finalAmendedOn: input.finalAmendedOn,
        recordedBy: null,
      });
    }
    await this.done(scope, review, 'ehc_review.decided', { decision: input.decision });
    return review;
  }

  private async lock(scope: SchoolScope, reviewId: string): Promise<{ review: EhcReview; plan: EhcPlan }> {
    const m = this.tx.manager();
    const review = await m
      .createQueryBuilder(EhcReview, 'r')
      .setLock('pessimistic_write')
      .where('r.id = :reviewId and r.school_id = :schoolId', { reviewId, schoolId: scope.schoolId })
      .getOne();
    if (!review) throw notFound('EHC plan review');
    const [plan] = await this.plans.versions(scope, review.pupilId);
    return { review, plan: plan! };
  }

  private async update(scope: SchoolScope, review: EhcReview, changes: Partial<EhcReview>): Promise<void> {
    await this.tx.manager().update(EhcReview, { id: review.id, schoolId: scope.schoolId }, changes);
    Object.assign(review, changes);
  }

  private async event(scope: SchoolScope, review: EhcReview, type: EventType, on: string): Promise<void> {
    await this.outbox.recordMany(scope, [{ type, subjectType: 'pupil', subjectId: review.pupilId, payload: { reviewId: review.id, on } }]);
  }

  private async done(scope: SchoolScope, review: EhcReview, action: string, details: Record<string, string | number | boolean | null>): Promise<void> {
    await this.audit.record(scope, { action, entityType: 'pupil', entityId: review.pupilId, details: { reviewId: review.id, ...details } });
  }
}

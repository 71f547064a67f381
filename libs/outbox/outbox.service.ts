import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { OutboxEvent } from './outbox-event.entity.js';

/** Event types other modules may emit; the notifications module subscribes to them. */
export const EVENT_TYPES = {
  senSupportStarted: 'sen_support.started',
  /** A pupil left SEN Support outside a review (a status change to N or monitoring): parents get a letter. */
  senSupportEnded: 'sen_support.ended',
  /** A version of a support plan was agreed (a first plan, or a change to one): parents are sent it. */
  planAgreed: 'plan.agreed',
  /** A review was held: parents are sent what was agreed. */
  planReviewed: 'plan.reviewed',
  /** Raised by the daily review scan: a review is coming up (lead time in days) or is overdue. */
  reviewDue: 'review.due',
  reviewOverdue: 'review.overdue',
  /** Raised by the daily EHC request clock scan: a statutory clock is a week away, due today, or missed. */
  ehcRequestClock: 'ehc_request.clock',
  /** A report rendering was asked for: the worker makes the file. */
  reportRenderRequested: 'report.render_requested',
  /** A subject access export was asked for: the worker gathers and renders it. */
  subjectAccessRequested: 'privacy.subject_access_requested',
  /** The head approved erasing a pupil's record past retention: the worker erases it. */
  erasureApproved: 'privacy.erasure_approved',
  /** An EHC plan review meeting's invitation (SEND Regulations 2014 reg. 20(3)): parents are sent it. */
  ehcReviewInvitation: 'ehc_review.invitation',
  /** The advice gathered for an EHC plan review, circulated before the meeting (reg. 20(4)). */
  ehcReviewAdvice: 'ehc_review.advice_circulated',
  /** The written report of an EHC plan review meeting (reg. 20(7)). */
  ehcReviewReport: 'ehc_review.report_sent',
  /** Raised by the daily scan: a deadline of an EHC plan review is near (to the SENCO) or missed (to the head too). */
  ehcReviewDeadline: 'ehc_review.deadline',
  /** A link or one-time code for an outside professional (libs/sharing): the delivery is written with the event. */
  shareEmail: 'share.email',
  /** An email to a person about their account (a password reset, an invitation, an email change): libs/auth/account-emails. */
  accountEmail: 'account.email',
  /** A document was uploaded to a pupil's record: the worker scans it (libs/attachments) before anyone can open it. */
  documentUploaded: 'document.uploaded',
} as const;
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

export interface NewEvent {
  type: EventType;
  subjectType: string;
  subjectId: string;
  /** Ids and codes only. */
  payload?: Record<string, string | number | boolean | null>;
}

@Injectable()
export class OutboxService {
  constructor(private readonly tx: TenantTransactions) {}

  /**
   * Must run inside the transaction of the change: the events and the change commit or roll back together.
   * Returns the new events' ids, in the order given.
   */
  async recordMany(scope: SchoolScope, events: NewEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const correlationId = requestContext.get()?.requestId ?? null;
    const result = await this.tx.manager().insert(
      OutboxEvent,
      events.map((event) => ({
        schoolId: scope.schoolId,
        type: event.type,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        payload: event.payload ?? {},
        correlationId,
        relayedAt: null,
      })),
    );
    return result.identifiers.map((i) => i.id as string);
  }

  /**
   * An account email to someone in no school (a platform admin, a trust lead), in the caller's transaction: the
   * event goes to platform_outbox_events, filed under no school. Written without RETURNING, since no scope but
   * the worker's relay may read such a row back.
   */
  async recordPlatform(event: NewEvent & { type: typeof EVENT_TYPES.accountEmail }): Promise<string> {
    const id = randomUUID();
    await this.tx
      .manager()
      .query(`insert into platform_outbox_events (id, type, subject_type, subject_id, payload, correlation_id) values ($1, $2, $3, $4, $5, $6)`, [
        id,
        event.type,
        event.subjectType,
        event.subjectId,
        JSON.stringify(event.payload ?? {}),
        requestContext.get()?.requestId ?? null,
      ]);
    return id;
  }
}

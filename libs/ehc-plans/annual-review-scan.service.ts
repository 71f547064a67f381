import { Injectable } from '@nestjs/common';
import { TenantTransactions, schoolScope } from '#libs/database';
import { EVENT_TYPES, OutboxService } from '#libs/outbox';
import { deadlinesOf, stageOf, REMINDER_LEAD_DAYS, type ReminderStage } from './domain/deadlines.js';

interface OpenReview {
  id: string;
  pupil_id: string;
  hold_by: string;
  transfer_deadline: string | null;
  meeting_on: string | null;
  held_on: string | null;
  invited: boolean;
  advice_circulated_on: string | null;
  report_sent_on: string | null;
  decision_on: string | null;
}

/** Reviews still open: not yet decided, with a first deadline within the lead time ($1 school, $2 today, $3 days). */
const OPEN_REVIEWS_SQL = `select r.id, r.pupil_id, r.hold_by::text as hold_by, r.transfer_deadline::text as transfer_deadline, r.meeting_on::text as meeting_on,
       r.held_on::text as held_on, exists (select 1 from ehc_review_invitees i where i.review_id = r.id) as invited,
       r.advice_circulated_on::text as advice_circulated_on, r.report_sent_on::text as report_sent_on, r.decision_on::text as decision_on
  from ehc_reviews r
 where r.school_id = $1 and r.decision_on is null
   and (r.held_on is not null or r.meeting_on <= $2::date + 14 + $3::int or r.hold_by <= $2::date + $3::int or r.transfer_deadline <= $2::date + $3::int)`;

/**
 * The daily watch over every EHC plan review deadline of one school (meeting due, phase transfer, invitations,
 * advice circulation, report, the authority's decision): the SENCO is reminded in the week before each, the
 * head (with the SENCO) told when one is missed. A reminder row under a unique key comes before each event, so
 * a second run on a day, or a retried job, raises nothing twice.
 */
@Injectable()
export class AnnualReviewScan {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly outbox: OutboxService,
  ) {}

  async scanSchool(schoolId: string, asOf: string): Promise<{ reminders: number; missed: number }> {
    const scope = schoolScope(schoolId);
    return this.tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
      const reviews = await m.query<OpenReview[]>(OPEN_REVIEWS_SQL, [schoolId, asOf, REMINDER_LEAD_DAYS]);
      const steps: { reviewId: string; pupilId: string; kind: string; deadline: string; stage: ReminderStage }[] = [];
      for (const r of reviews) {
        const state = {
          holdBy: r.hold_by,
          transferDeadline: r.transfer_deadline,
          meetingOn: r.meeting_on,
          heldOn: r.held_on,
          invited: r.invited,
          adviceCirculatedOn: r.advice_circulated_on,
          reportSentOn: r.report_sent_on,
          decisionOn: r.decision_on,
        };
        for (const d of deadlinesOf(state)) {
          const stage = stageOf(d, asOf);
          if (stage) steps.push({ reviewId: r.id, pupilId: r.pupil_id, kind: d.kind, deadline: d.date, stage });
        }
      }
      if (steps.length === 0) return { reminders: 0, missed: 0 };
      const raised = await m.query<{ review_id: string; kind: string; stage: string }[]>(
        `insert into ehc_review_reminders (school_id, pupil_id, review_id, kind, deadline, stage, raised_on)
         select $1, t.pupil_id, t.review_id, t.kind, t.deadline, t.stage, $7::date
           from unnest($2::uuid[], $3::uuid[], $4::text[], $5::date[], $6::text[]) as t(pupil_id, review_id, kind, deadline, stage)
         on conflict (school_id, review_id, kind, deadline, stage) do nothing returning review_id, kind, stage`,
        [
          schoolId,
          steps.map((s) => s.pupilId),
          steps.map((s) => s.reviewId),
          steps.map((s) => s.kind),
          steps.map((s) => s.deadline),
          steps.map((s) => s.stage),
          asOf,
        ],
      );
      const fresh = new Set(raised.map((r) => `${r.review_id}|${r.kind}|${r.stage}`));
      const events = steps
        .filter((s) => fresh.has(`${s.reviewId}|${s.kind}|${s.stage}`))
        .map((s) => ({
          type: EVENT_TYPES.ehcReviewDeadline,
          subjectType: 'pupil',
          subjectId: s.pupilId,
          payload: { reviewId: s.reviewId, kind: s.kind, deadline: s.deadline, stage: s.stage },
        }));
      await this.outbox.recordMany(scope, events);
      return { reminders: events.filter((e) => e.payload.stage === 'due').length, missed: events.filter((e) => e.payload.stage === 'missed').length };
    });
  }
}

import type { EntityManager } from 'typeorm';
import type { EhcReviewMessage, Greeting } from './templates/index.js';

interface ReviewRow {
  pupil_id: string;
  meeting_on: string | null;
  place: string | null;
  held_on: string | null;
  recommendation: string | null;
  proposed_changes: string | null;
}

/**
 * What an EHC plan review event says, read when it is fanned out (the event carries ids only): the
 * invitation, the circulated advice, the report, or a deadline reminder. Undefined when the review is gone.
 */
export async function ehcReviewMessageFor(
  m: EntityManager,
  schoolId: string,
  type: string,
  p: Record<string, string | number | boolean | null>,
  reviewUrl: string,
): Promise<((g: Greeting) => EhcReviewMessage) | undefined> {
  const review = (
    await m.query<ReviewRow[]>(
      `select pupil_id, meeting_on::text as meeting_on, place, held_on::text as held_on, recommendation, proposed_changes from ehc_reviews where school_id = $1 and id = $2`,
      [schoolId, p.reviewId],
    )
  )[0];
  if (!review) return undefined;
  if (type === 'ehc_review.invitation' && review.meeting_on) {
    const meetingOn = review.meeting_on;
    return (greeting) => ({ kind: 'ehc_review_invitation', greeting, meetingOn, place: review.place, reviewUrl });
  }
  if (type === 'ehc_review.advice_circulated') {
    const advice = (
      await m.query<{ name: string; advice_summary: string | null }[]>(
        `select name, advice_summary from ehc_review_invitees where school_id = $1 and review_id = $2 and advice_received_on is not null order by advice_received_on, name`,
        [schoolId, p.reviewId],
      )
    ).map((a) => ({ from: a.name, summary: a.advice_summary ?? '' }));
    return (greeting) => ({ kind: 'ehc_review_advice', greeting, meetingOn: review.meeting_on, advice, reviewUrl });
  }
  if (type === 'ehc_review.report_sent' && review.held_on && review.recommendation) {
    const heldOn = review.held_on;
    const recommendation = review.recommendation;
    return (greeting) => ({ kind: 'ehc_review_report', greeting, heldOn, recommendation, proposedChanges: review.proposed_changes, reviewUrl });
  }
  if (type === 'ehc_review.deadline') {
    return (greeting) => ({
      kind: 'ehc_review_deadline',
      greeting,
      deadline: String(p.deadline),
      deadlineKind: String(p.kind),
      missed: p.stage === 'missed',
      reviewUrl,
    });
  }
  return undefined;
}

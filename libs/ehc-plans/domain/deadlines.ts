import { addDays, daysBetween } from '#libs/core';

/** Each deadline of a review the worker watches (docs/domain.md, "EHC plan reviews and re-assessment"). */
export const DEADLINE_KINDS = ['meeting_due', 'phase_transfer', 'invitations_due', 'advice_circulation', 'report_due', 'decision_overdue'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Two weeks before the meeting: invitations (reg. 20(3)) and circulated advice (reg. 20(4)). */
export const BEFORE_MEETING_DAYS = 14;
/** The written report within two weeks of the meeting (reg. 20(7)). */
export const REPORT_DAYS = 14;
/** The authority's decision within four weeks of the meeting (reg. 20(10)). */
export const DECISION_DAYS = 28;
/** The SENCO is reminded this many days before a deadline (product policy). */
export const REMINDER_LEAD_DAYS = 7;

export interface ReviewState {
  holdBy: string;
  transferDeadline: string | null;
  meetingOn: string | null;
  heldOn: string | null;
  invited: boolean;
  adviceCirculatedOn: string | null;
  reportSentOn: string | null;
  decisionOn: string | null;
}

export interface Deadline {
  kind: DeadlineKind;
  date: string;
  done: boolean;
}

/** The review's deadlines that exist yet (the meeting's follow from its date, the report's from the meeting). */
export function deadlinesOf(r: ReviewState): Deadline[] {
  const out: Deadline[] = [{ kind: 'meeting_due', date: r.holdBy, done: r.heldOn !== null }];
  if (r.transferDeadline) out.push({ kind: 'phase_transfer', date: r.transferDeadline, done: r.heldOn !== null && r.heldOn <= r.transferDeadline });
  if (r.meetingOn && !r.heldOn) {
    const before = addDays(r.meetingOn, -BEFORE_MEETING_DAYS);
    out.push({ kind: 'invitations_due', date: before, done: r.invited }, { kind: 'advice_circulation', date: before, done: r.adviceCirculatedOn !== null });
  }
  if (r.heldOn) {
    out.push({ kind: 'report_due', date: addDays(r.heldOn, REPORT_DAYS), done: r.reportSentOn !== null });
    out.push({ kind: 'decision_overdue', date: addDays(r.heldOn, DECISION_DAYS), done: r.decisionOn !== null });
  }
  return out;
}

export type ReminderStage = 'due' | 'missed';

/** What the scan raises for a deadline on `today`: a reminder in the lead time, "missed" once it has passed. */
export function stageOf(d: Deadline, today: string): ReminderStage | null {
  if (d.done) return null;
  const days = daysBetween(today, d.date);
  if (days < 0) return 'missed';
  return days <= REMINDER_LEAD_DAYS ? 'due' : null;
}

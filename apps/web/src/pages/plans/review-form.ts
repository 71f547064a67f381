// Types only (erased from the bundle), written with .js so the API's tsc resolves them too.
import type { AttendeeForm, StoredPlan } from './plan-form.js';

/**
 * The review meeting's form and what it records (POST …/plan-cycles/{id}/review). Everything the review holds
 * is on the form and sent as typed: every attendee with their role (the form used to record "SENCO" and at most
 * one parent), each target's outcome, measure and comment, and for an escalation the date the assessment was
 * requested (issue 17). No imports but types, so jest can test it.
 */

export interface OutcomeForm {
  outcome: string;
  measuredValue: string;
  comment: string;
}
export interface ReviewForm {
  heldOn: string;
  attendees: AttendeeForm[];
  outcomes: Record<string, OutcomeForm>;
  whatWorked: string;
  whatDidNotWork: string;
  parentViews: string;
  pupilViews: string;
  decision: string;
  ehcnaRequestedOn: string;
}

/** A new review: held today; attendees start as those who agreed the plan, for the SENCO to correct. */
export function reviewForm(today: string, plan: Pick<StoredPlan, 'involvement'>): ReviewForm {
  return {
    heldOn: today,
    attendees: (plan.involvement?.attendees ?? []).map((a, i) => ({ key: `attendee-${i}`, name: a.name, role: a.role })),
    outcomes: {},
    whatWorked: '',
    whatDidNotWork: '',
    parentViews: '',
    pupilViews: '',
    decision: 'continue',
    ehcnaRequestedOn: '',
  };
}

export const emptyOutcome = (): OutcomeForm => ({ outcome: '', measuredValue: '', comment: '' });
const orNull = (v: string) => (v.trim() === '' ? null : v);

export function reviewBody(f: ReviewForm, targets: { id: string }[]) {
  return {
    heldOn: f.heldOn,
    attendees: f.attendees.filter((a) => a.name.trim() || a.role).map((a) => ({ name: a.name, role: a.role })),
    // One outcome for every target of the plan: one not chosen is sent empty, for the API to name.
    outcomes: targets.map((t) => {
      const o = f.outcomes[t.id] ?? emptyOutcome();
      return { targetId: t.id, outcome: o.outcome, measuredValue: orNull(o.measuredValue), comment: orNull(o.comment) };
    }),
    whatWorked: orNull(f.whatWorked),
    whatDidNotWork: orNull(f.whatDidNotWork),
    parentViews: orNull(f.parentViews),
    pupilViews: orNull(f.pupilViews),
    decision: f.decision,
    ...(f.decision === 'escalate' ? { ehcnaRequestedOn: orNull(f.ehcnaRequestedOn) } : {}),
  };
}

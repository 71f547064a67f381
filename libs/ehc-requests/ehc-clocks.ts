/**
 * The statutory clocks of a request for an EHC needs assessment, as one pure function of the recorded facts
 * and a day (docs/domain.md, "EHC timescales"). Nothing here is assumed: a clock runs from the day the
 * authority received the request, and stops only on an outcome the SENCO recorded. An exception the authority
 * relies on (reg. 10(4), 13(3), 8(2)) is recorded too; it pauses the clock's reminders and is shown beside it,
 * but the statutory due date is never moved: the authority, not the product, decides what the exception means.
 */
import { addDays, addMonths, daysBetween } from '#libs/core';

export const EHC_CLOCKS = ['assess_decision', 'issue_decision', 'final_plan', 'school_advice'] as const;
export type EhcClock = (typeof EHC_CLOCKS)[number];

export const EHC_OUTCOMES = [
  'received',
  'refused_to_assess',
  'agreed_to_assess',
  'advice_requested',
  'advice_sent',
  'refused_to_issue',
  'draft_plan',
  'plan_issued',
  'mediation',
  'mediation_certificate',
  'appeal_lodged',
  'withdrawn',
] as const;
export type EhcOutcome = (typeof EHC_OUTCOMES)[number];

export const EHC_EXCEPTION_KINDS = ['school_closure', 'personal_circumstances', 'away_from_area', 'information_late', 'other'] as const;
export type EhcExceptionKind = (typeof EHC_EXCEPTION_KINDS)[number];

export type ClockState = 'running' | 'met' | 'missed' | 'not_applicable' | 'paused';

/** A recorded fact still in force (corrected entries are left out before this module sees them). */
export interface OutcomeFact {
  id: string;
  outcome: EhcOutcome;
  on: string;
}

export interface ExceptionFact {
  id: string;
  clock: EhcClock;
  kind: EhcExceptionKind;
  startsOn: string;
  endsOn: string | null;
  note: string | null;
}

export interface ClockView {
  clock: EhcClock;
  /** The regulation that sets it, for the screen. */
  regulation: string;
  /** The statutory due date (null while the clock has not started: no receipt, or the school's advice not asked for). */
  dueOn: string | null;
  state: ClockState;
  /** The day the outcome that meets it was recorded as happening. */
  doneOn: string | null;
  /** Days from `asOf` to the due date (negative once passed); null when the clock is not running or paused. */
  daysLeft: number | null;
  /** Exceptions recorded against this clock, shown beside it whether or not they are in force today. */
  exceptions: ExceptionFact[];
}

/** Weeks from the start of each clock (SEND Regulations 2014 reg. 5(1), 10(1), 13(2), 8(2)). */
export const CLOCK_RULES: Record<EhcClock, { weeks: number; regulation: string; metBy: EhcOutcome[] }> = {
  assess_decision: { weeks: 6, regulation: 'SEND Regulations 2014 reg. 5(1)', metBy: ['refused_to_assess', 'agreed_to_assess'] },
  // A draft plan is the authority's decision to issue one; a refusal to issue is the other answer.
  issue_decision: { weeks: 16, regulation: 'SEND Regulations 2014 reg. 10(1)', metBy: ['refused_to_issue', 'draft_plan', 'plan_issued'] },
  final_plan: { weeks: 20, regulation: 'SEND Regulations 2014 reg. 13(2)', metBy: ['plan_issued'] },
  school_advice: { weeks: 6, regulation: 'SEND Regulations 2014 reg. 8(2)', metBy: ['advice_sent'] },
};

const first = (facts: OutcomeFact[], kinds: EhcOutcome[]) => facts.filter((f) => kinds.includes(f.outcome)).sort((a, b) => a.on.localeCompare(b.on))[0];

/** Every clock of one request on `asOf`. */
export function clocksOf(facts: OutcomeFact[], exceptions: ExceptionFact[], asOf: string): ClockView[] {
  const received = first(facts, ['received'])?.on ?? null;
  const refusedToAssess = first(facts, ['refused_to_assess']);
  const refusedToIssue = first(facts, ['refused_to_issue']);
  const withdrawn = first(facts, ['withdrawn']);
  const adviceAsked = first(facts, ['advice_requested'])?.on ?? null;
  return EHC_CLOCKS.map((clock) => {
    const rule = CLOCK_RULES[clock];
    const start = clock === 'school_advice' ? adviceAsked : received;
    const own = exceptions.filter((e) => e.clock === clock);
    const base = { clock, regulation: rule.regulation, exceptions: own };
    if (start === null) return { ...base, dueOn: null, state: 'not_applicable', doneOn: null, daysLeft: null };
    const dueOn = addDays(start, rule.weeks * 7);
    const done = first(facts, rule.metBy);
    if (done) return { ...base, dueOn, state: done.on <= dueOn ? 'met' : 'missed', doneOn: done.on, daysLeft: null };
    // A refusal ends the later clocks; so does a withdrawn request (the school's advice too: nobody waits for it).
    const ended = clock === 'final_plan' ? (refusedToAssess ?? refusedToIssue) : clock === 'issue_decision' ? refusedToAssess : undefined;
    if (ended || withdrawn) return { ...base, dueOn, state: 'not_applicable', doneOn: null, daysLeft: null };
    const inForce = own.some((e) => e.startsOn <= asOf && (e.endsOn === null || e.endsOn >= asOf));
    if (inForce) return { ...base, dueOn, state: 'paused', doneOn: null, daysLeft: null };
    const daysLeft = daysBetween(asOf, dueOn);
    return { ...base, dueOn, state: daysLeft < 0 ? 'missed' : 'running', doneOn: null, daysLeft };
  });
}

/** Where a request stands, in one word, for the list's filter. */
export type RequestState = 'draft' | 'assessing' | 'refused' | 'issued' | 'withdrawn' | 'awaiting_decision';

export function requestStateOf(facts: OutcomeFact[]): RequestState {
  const has = (o: EhcOutcome) => facts.some((f) => f.outcome === o);
  if (!has('received')) return 'draft';
  if (has('withdrawn')) return 'withdrawn';
  if (has('plan_issued')) return 'issued';
  if (has('refused_to_assess') || has('refused_to_issue')) return 'refused';
  if (has('agreed_to_assess')) return 'assessing';
  return 'awaiting_decision';
}

/**
 * The parents' right of appeal after a refusal (docs/domain.md, "Appeals and mediation"): to the First-tier
 * Tribunal (SEND) within 2 months of the decision letter, or 1 month from a mediation certificate if that is later.
 */
export interface AppealRights {
  decision: 'refused_to_assess' | 'refused_to_issue';
  decidedOn: string;
  mediationCertificateOn: string | null;
  appealBy: string;
  appealLodgedOn: string | null;
}

export function appealRightsOf(facts: OutcomeFact[]): AppealRights | null {
  const refusal = first(facts, ['refused_to_issue']) ?? first(facts, ['refused_to_assess']);
  if (!refusal) return null;
  const certificate =
    first(
      facts.filter((f) => f.on >= refusal.on),
      ['mediation_certificate'],
    )?.on ?? null;
  const byLetter = addMonths(refusal.on, 2);
  const byCertificate = certificate ? addMonths(certificate, 1) : null;
  return {
    decision: refusal.outcome as AppealRights['decision'],
    decidedOn: refusal.on,
    mediationCertificateOn: certificate,
    appealBy: byCertificate && byCertificate > byLetter ? byCertificate : byLetter,
    appealLodgedOn:
      first(
        facts.filter((f) => f.on >= refusal.on),
        ['appeal_lodged'],
      )?.on ?? null,
  };
}

import type { AreaOfNeed } from '#libs/register';
import type { FrequencyPeriod } from '#libs/vocabulary';
import type { ExpectationInput } from './framework-file.js';

/** An expectation as compared: the same facts as a framework file's row, and whether it is the school's own offer's. */
export type ExpectationFacts = ExpectationInput & { own?: boolean };

/** Something delivered for the pupil: a provision line of the plan in place, or a group they attended. */
export interface DeliveredProvision {
  source: 'plan_provision' | 'intervention';
  /** The line's description, or the intervention's name. */
  description: string;
  /** The catalogue intervention a plan line is, where it names one. */
  interventionName: string | null;
  frequencyCount: number | null;
  frequencyPeriod: FrequencyPeriod | null;
  /** For an intervention: sessions delivered that the pupil attended (none attended is no evidence). */
  sessionsAttended: number | null;
}

export interface RecordedAdjustment {
  expectationCode: string | null;
  description: string;
  startedOn: string;
}

export type ExpectationStatus = 'evidenced' | 'not_evidenced' | 'not_applicable';

export interface ExpectationResult extends ExpectationFacts {
  status: ExpectationStatus;
  evidencedBy: 'plan_provision' | 'intervention' | 'adjustment' | null;
  /** What evidences it: the plan line, the intervention or the adjustment, in the school's words. */
  evidenceDescription: string | null;
  notApplicableReason: string | null;
}

/** Sessions a week a frequency comes to, so "daily" meets "three times a week" (a school week is five days). */
const PER_WEEK: Record<FrequencyPeriod, number> = { day: 5, week: 1, fortnight: 1 / 2, month: 12 / 52, half_term: 1 / 6, term: 1 / 13 };
export const perWeek = (count: number | null, period: FrequencyPeriod | null): number | null =>
  count === null || period === null ? null : count * PER_WEEK[period];

function meetsFrequency(e: ExpectationFacts, p: DeliveredProvision): boolean {
  const wanted = perWeek(e.frequencyCount, e.frequencyPeriod);
  if (wanted === null) return true;
  const given = perWeek(p.frequencyCount, p.frequencyPeriod);
  return given !== null && given + 1e-9 >= wanted;
}

/** The kind is the authority's word for the provision ("ELSA", "social skills group"): found in the line or programme name. */
function ofKind(e: ExpectationFacts, p: DeliveredProvision): boolean {
  const kind = (e.interventionKind ?? '').trim().toLowerCase();
  if (kind === '') return false;
  return [p.description, p.interventionName ?? ''].some((s) => s.toLowerCase().includes(kind));
}

/**
 * Each expectation of the pupil's areas of need, shown as evidenced (and by what), not applicable (with the
 * SENCO's reason) or not evidenced. An intervention is evidenced by a plan provision line of its kind at its
 * frequency or more, or by a group of its kind the pupil attended at least once; an adjustment by an in-class
 * adjustment recorded under its code. Evidence wins over a "not applicable" mark: what was delivered is shown.
 */
export function compareWithFramework(
  expectations: readonly ExpectationFacts[],
  areas: ReadonlySet<AreaOfNeed>,
  delivered: readonly DeliveredProvision[],
  adjustments: readonly RecordedAdjustment[],
  notApplicable: ReadonlyMap<string, string>,
): ExpectationResult[] {
  return expectations
    .filter((e) => areas.has(e.areaOfNeed))
    .map((e) => {
      const base = { ...e, evidencedBy: null, evidenceDescription: null, notApplicableReason: null };
      if (e.evidence === 'intervention') {
        const match =
          delivered.find((p) => p.source === 'plan_provision' && ofKind(e, p) && meetsFrequency(e, p)) ??
          delivered.find((p) => p.source === 'intervention' && (p.sessionsAttended ?? 0) > 0 && ofKind(e, p) && meetsFrequency(e, p));
        if (match) return { ...base, status: 'evidenced' as const, evidencedBy: match.source, evidenceDescription: match.description };
      } else {
        const adjustment = adjustments.find((a) => a.expectationCode !== null && a.expectationCode.toLowerCase() === e.code.toLowerCase());
        if (adjustment) return { ...base, status: 'evidenced' as const, evidencedBy: 'adjustment' as const, evidenceDescription: adjustment.description };
      }
      const reason = notApplicable.get(e.code.toLowerCase());
      if (reason !== undefined) return { ...base, status: 'not_applicable' as const, notApplicableReason: reason };
      return { ...base, status: 'not_evidenced' as const };
    });
}

/** The same comparison in plain words, for parents (and everyone else reading it). */
export function plainWords(r: ExpectationResult): string {
  if (r.status === 'not_applicable') return `The school has decided this does not apply to your child, because: ${r.notApplicableReason ?? ''}`;
  if (r.status === 'not_evidenced') {
    return r.evidence === 'adjustment'
      ? 'The school has not recorded making this change in class for your child.'
      : 'The school has not recorded providing this for your child, as often as the council expects.';
  }
  const what = r.evidenceDescription ?? '';
  if (r.evidencedBy === 'plan_provision') return `Provided: your child's support plan includes "${what}".`;
  if (r.evidencedBy === 'intervention') return `Provided: your child has been attending "${what}".`;
  return `Provided: in class, the school records "${what}".`;
}

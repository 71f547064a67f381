import { closedReason } from '#libs/interventions';
import type { CalendarFacts } from '../domain/plan.types.js';
import { academicYearOf, isoOfDay, requireDay } from '#libs/core';

/**
 * School days from the school's calendar (libs/interventions): Monday to Friday inside a term and outside
 * any closure. A school that has not entered the academic year a date falls in is judged on weekdays only,
 * so a missing calendar never makes every day look closed.
 */
const hasYear = (date: string, cal: CalendarFacts) => cal.terms.some((t) => academicYearOf(t.startsOn) === academicYearOf(date));

/** Why the school is closed on a date ('weekend', 'outside_term', 'closure'), or null when it is open. */
export function closedOn(date: string, cal: CalendarFacts): 'weekend' | 'outside_term' | 'closure' | null {
  if (!hasYear(date, cal)) return closedReason(date, { terms: [{ startsOn: date, endsOn: date }], closures: [] });
  return closedReason(date, cal);
}

/**
 * The school days after `from` up to and including `to` (0 when `to` is not after `from`). Counting stops
 * past `enough`: a rule asking "more than 5?" need not walk a pupil's years on the register day by day.
 */
export function schoolDaysAfter(from: string, to: string, cal: CalendarFacts, enough = Infinity): number {
  let count = 0;
  const last = requireDay(to, 'to');
  for (let day = requireDay(from, 'from') + 1; day <= last && count <= enough; day++) if (closedOn(isoOfDay(day), cal) === null) count++;
  return count;
}

/**
 * The open day nearest `date` (the later one on a tie) no earlier than `earliest` and no later than `latest`;
 * `date` itself when none is open. For choosing a review date the school can keep.
 */
export function openDayNear(date: string, cal: CalendarFacts, earliest: string, latest: string): string {
  const target = requireDay(date, 'date');
  const first = requireDay(earliest, 'earliest');
  const last = requireDay(latest, 'latest');
  for (let step = 0; step <= last - first; step++) {
    for (const day of [target + step, target - step]) {
      if (day >= first && day <= last && closedOn(isoOfDay(day), cal) === null) return isoOfDay(day);
    }
  }
  return date;
}

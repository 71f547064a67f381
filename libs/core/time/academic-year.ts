import { requireDay } from './dates.js';

/**
 * Academic years in England. Two boundaries are in use, on purpose (docs/domain.md, "The school year"):
 * - Year groups and cohorts change on 1 September (`cohortYearOf`): a child stays in their year group
 *   through August, so a date of birth is checked against the year that began the previous September.
 * - The school calendar's year (`academicYearOf`) starts on 1 August, so the summer holiday belongs to the
 *   year it leads into and every day of the calendar belongs to exactly one year with terms entered. This
 *   boundary is the product's choice, not a rule: no term falls in August.
 * Both return the calendar year the academic year starts in: 2026 for 2026/27.
 */

export interface DateRange {
  startsOn: string;
  endsOn: string;
}

const YEAR_STARTS = '-08-01';

/** The school calendar's academic year a date falls in (years start on 1 August; see above). */
export function academicYearOf(date: string): number {
  requireDay(date);
  const year = Number(date.slice(0, 4));
  return date.slice(4) >= YEAR_STARTS ? year : year - 1;
}

/** The first and last day of a school calendar year: 1 August to 31 July. */
export function academicYearBounds(year: number): DateRange {
  return { startsOn: `${year}${YEAR_STARTS}`, endsOn: `${year + 1}-07-31` };
}

/** "2026/27", as schools write it. */
export const academicYearLabel = (year: number) => `${year}/${String((year + 1) % 100).padStart(2, '0')}`;

/** The academic year by year groups, which change on 1 September; returns the calendar year it began in. */
export function cohortYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 9 ? year : year - 1;
}

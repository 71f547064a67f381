/**
 * A young person, in the Children and Families Act 2014 (s.83), is over compulsory school age: the s.68 notice
 * then goes to them, not to their parents (docs/domain.md, "Young person"). Compulsory school age ends on
 * the school leaving date, the last Friday in June of the school year (September to August) in which the
 * pupil turns 16 (Education Act 1996 s.8; Education (School Leaving Date) Order 1997). So a sixth-former is
 * a young person; a Year 11 pupil who has turned 16 is not, until the last Friday in June has passed.
 */

export const YOUNG_PERSON_PARENTS_INFORMED = ['agrees', 'lacks_capacity'] as const;
/** Why a young person's parents are told as well: they agree, or lack capacity to decide (CFA 2014 s.80). */
export type YoungPersonParentsInformed = (typeof YOUNG_PERSON_PARENTS_INFORMED)[number];

/** The last Friday in June of a calendar year, as yyyy-mm-dd. */
function lastFridayInJune(year: number): string {
  const june30 = new Date(Date.UTC(year, 5, 30));
  const back = (june30.getUTCDay() - 5 + 7) % 7; // 5 = Friday
  return new Date(Date.UTC(year, 5, 30 - back)).toISOString().slice(0, 10);
}

/** The day compulsory school age ends for a pupil born on `dateOfBirth` (yyyy-mm-dd). */
export function schoolLeavingDate(dateOfBirth: string): string {
  const born = Number(dateOfBirth.slice(0, 4));
  const month = Number(dateOfBirth.slice(5, 7));
  // A 16th birthday from September to December falls in the school year that ends the next June.
  return lastFridayInJune(born + 16 + (month >= 9 ? 1 : 0));
}

/** Whether the pupil is a young person on the school's `today` (yyyy-mm-dd, the school's own date). */
export function isYoungPerson(dateOfBirth: string, today: string): boolean {
  return today > schoolLeavingDate(dateOfBirth);
}

import { cohortYearOf } from '#libs/core';

/** National curriculum year groups in England, with the two nursery years before Reception. */
export const YEAR_GROUPS = ['N1', 'N2', 'R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'] as const;
export type YearGroup = (typeof YEAR_GROUPS)[number];

/** N1 = -2, N2 = -1, R = 0, '1'..'13' = 1..13: the offset from Reception, so age arithmetic is linear. */
export function yearGroupToNumber(y: YearGroup): number {
  return YEAR_GROUPS.indexOf(y) - 2;
}

export function numberToYearGroup(n: number): YearGroup {
  const y = YEAR_GROUPS[n + 2];
  if (!Number.isInteger(n) || y === undefined) throw new RangeError(`no year group numbered ${n}`);
  return y;
}

export function yearGroupLabel(y: YearGroup): string {
  if (y === 'R') return 'Reception';
  if (y === 'N1') return 'Nursery 1';
  if (y === 'N2') return 'Nursery 2';
  return `Year ${y}`;
}

/**
 * Words MIS exports use. 'Nursery' alone is the year before Reception (N2). F1/F2 are the EYFS
 * "Foundation 1/2" names some schools use for Nursery (N2) and Reception.
 */
const WORDS: Record<string, YearGroup> = {
  r: 'R',
  rec: 'R',
  reception: 'R',
  yr: 'R',
  'year r': 'R',
  'y r': 'R',
  f2: 'R',
  n1: 'N1',
  'nursery 1': 'N1',
  nursery1: 'N1',
  n2: 'N2',
  'nursery 2': 'N2',
  nursery2: 'N2',
  nursery: 'N2',
  f1: 'N2',
};

export function parseYearGroup(raw: string): YearGroup | null {
  const text = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  const word = WORDS[text];
  if (word) return word;
  const m = /^(?:y|yr|year|year group)? ?0?(\d{1,2})$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= 13 ? numberToYearGroup(n) : null;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * In England a child is offered a Reception place in the September after their 4th birthday (School
 * Admissions Code, DfE) and year groups follow the 1 Sept–31 Aug cohort, so in the academic year beginning 1 Sept A a
 * child in year group Y was born between 1 Sept (A−5−Y) and 31 Aug (A−4−Y). One year of tolerance either
 * side allows for pupils taught out of their chronological year group. ISO `yyyy-mm-dd` strings compare
 * correctly as text.
 */
export function checkDateOfBirth(dob: string, yearGroup: YearGroup, today: string): string | null {
  if (!ISO.test(dob)) return `date of birth '${dob}' is not a yyyy-mm-dd date`;
  if (dob > today) return `date of birth ${dob} is in the future`;
  const a = cohortYearOf(today);
  const y = yearGroupToNumber(yearGroup);
  const from = `${a - 5 - y}-09-01`;
  const to = `${a - 4 - y}-08-31`;
  const lowest = `${a - 6 - y}-09-01`;
  const highest = `${a - 3 - y}-08-31`;
  if (dob >= lowest && dob <= highest) return null;
  const academicYear = `${a}/${String((a + 1) % 100).padStart(2, '0')}`;
  return (
    `date of birth ${dob} is not plausible for ${yearGroupLabel(yearGroup)} in ${academicYear} ` + `(expected between ${from} and ${to}, give or take a year)`
  );
}

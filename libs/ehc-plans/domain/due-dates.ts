import type { SchoolPhase } from '#libs/tenancy';
import { yearGroupToNumber, type YearGroup } from '#libs/register';
import { addDays, addMonths, cohortYearOf, earliestDate } from '#libs/core';

/**
 * When an EHC plan's annual review is due, and when a phase transfer's review must be done
 * (docs/domain.md, "EHC plan reviews and re-assessment"). Pure, so every rule is unit-tested.
 */

/**
 * CFA 2014 s.44 and SEND Regulations 2014 reg. 18: a review within 12 months of the plan being issued and
 * then of each review meeting. "Within 12 months" of 10 March is by 9 March the next year: the day before
 * the anniversary, so a review held on the anniversary is never counted late by mistake.
 */
export function annualDueOn(from: string): string {
  return addDays(addMonths(from, 12), -1);
}

/**
 * Code 9.178: for a child under five the authority should consider reviewing every 3–6 months. The product's
 * rule: when the child is under five on the day the plan was issued or the last review was held, the next
 * review is due within 6 months of that day (the latest the Code's range allows); the school may hold it
 * sooner. From five, the 12-month rule.
 */
export function isUnderFive(dateOfBirth: string, on: string): boolean {
  return on < addMonths(dateOfBirth, 60);
}

export function nextReviewDueOn(from: string, dateOfBirth: string): string {
  return isUnderFive(dateOfBirth, from) ? addDays(addMonths(from, 6), -1) : annualDueOn(from);
}

/** What kind of move a phase transfer is: the deadline differs (reg. 18(1)). */
export type TransferKind = 'school' | 'post16';

export interface PhaseTransfer {
  /** The year group in which the pupil leaves the phase (the transfer is the next September). */
  lastYearGroup: YearGroup;
  kind: TransferKind;
}

/**
 * The year group a pupil leaves the school's phase from, as the product assumes it for each phase; a pupil's
 * own setting overrides it (an infant school, a 9–13 middle school that is really 8–12, a pupil staying on).
 * - nursery: leaves after Nursery 2 for Reception (early years to school is a transfer between phases);
 * - primary: Year 6 (an infant school is recorded as primary: set Year 2 per pupil);
 * - middle: Year 8 (the common 9–13 middle school; set Year 7 for an 8–12 school per pupil);
 * - secondary: Year 11, to a post-16 institution (a pupil staying in the school's sixth form: set none);
 * - all-through, special, alternative provision, post-16: none assumed (the pupils' routes vary too much;
 *   set it per pupil).
 */
export const PHASE_TRANSFERS: Record<SchoolPhase, PhaseTransfer | null> = {
  nursery: { lastYearGroup: 'N2', kind: 'school' },
  primary: { lastYearGroup: '6', kind: 'school' },
  middle: { lastYearGroup: '8', kind: 'school' },
  secondary: { lastYearGroup: '11', kind: 'post16' },
  'all-through': null,
  special: null,
  'alternative-provision': null,
  'post-16': null,
};

/** A pupil's own setting: a year group to leave from (Year 11 or later means a move to post-16), or none. */
export type TransferSetting = YearGroup | 'none' | null;

export function transferFor(phase: SchoolPhase, setting: TransferSetting): PhaseTransfer | null {
  if (setting === 'none') return null;
  if (setting) return { lastYearGroup: setting, kind: yearGroupToNumber(setting) >= 11 ? 'post16' : 'school' };
  return PHASE_TRANSFERS[phase];
}

/**
 * The deadline for the review and amended plan before the pupil's coming transfer (reg. 18): 15 February of
 * the calendar year of transfer, or 31 March for a move from secondary school to post-16. The transfer is in
 * the September after the academic year in which the pupil is in the last year group. Null when no transfer
 * lies ahead from the year group the pupil is in on `today`.
 */
export function transferDeadline(yearGroup: YearGroup, today: string, transfer: PhaseTransfer | null): string | null {
  if (!transfer) return null;
  const yearsToGo = yearGroupToNumber(transfer.lastYearGroup) - yearGroupToNumber(yearGroup);
  if (yearsToGo < 0) return null;
  const transferYear = cohortYearOf(today) + yearsToGo + 1;
  return `${transferYear}-${transfer.kind === 'post16' ? '03-31' : '02-15'}`;
}

export interface ReviewDue {
  /** The 12-month (or under-five 6-month) date. */
  dueOn: string;
  /** The transfer deadline when it falls before the usual date, else null. */
  transferDeadline: string | null;
  /** The date the next review must be held by: the earlier of the two. */
  holdBy: string;
}

/** The next review's dates from the last review (or the plan's issue) for a pupil on `today`. */
export function reviewDue(input: {
  from: string;
  dateOfBirth: string;
  yearGroup: YearGroup;
  today: string;
  phase: SchoolPhase;
  setting: TransferSetting;
}): ReviewDue {
  const dueOn = nextReviewDueOn(input.from, input.dateOfBirth);
  const deadline = transferDeadline(input.yearGroup, input.today, transferFor(input.phase, input.setting));
  // A transfer deadline after the usual date is met by a later review; it matters only when it comes first.
  const transfer = deadline !== null && deadline <= dueOn && deadline >= input.from ? deadline : null;
  return { dueOn, transferDeadline: transfer, holdBy: earliestDate(dueOn, transfer) ?? dueOn };
}

/** Year 9 onwards: every review covers preparing for adulthood (Code 8.9, 9.179). */
export function needsPreparingForAdulthood(yearGroup: YearGroup): boolean {
  return yearGroupToNumber(yearGroup) >= 9;
}

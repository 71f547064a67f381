import type { Published, SuppressionReason } from './report.types.js';

/*
 * Small-number suppression for the figures a school publishes in its SEN Information Report (docs/domain.md,
 * "Statistical disclosure control"). The report
 * is public (Code of Practice 6.79: on the school website) and a small school's counts can point at a
 * child ("the one pupil in Year 3 with a hearing impairment"); SEN data is special category data (UK GDPR
 * Art. 9). So counts of 1–4 are never published, nor anything from which one can be worked out.
 */

/** Counts from 1 up to (not including) this are suppressed. */
export const SUPPRESS_BELOW = 5;

const isSmall = (n: number) => n > 0 && n < SUPPRESS_BELOW;

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number of pupils, 0 or more (got ${n})`);
}

const shown = (value: number): Published => ({ value, suppressed: false });
const hide = (reason: SuppressionReason): Published => ({ value: null, suppressed: true, reason });
const hidden = hide('small');
const hiddenToProtect = hide('secondary');

/** One count on its own: 0 is published (a zero identifies nobody), 1–4 suppressed, 5 or more published. */
export function publish(n: number): Published {
  checkCount(n, 'a count');
  return isSmall(n) ? hidden : shown(n);
}

/**
 * The cells of one table row or column (e.g. pupils by primary need) whose total is also published.
 *
 * Primary suppression: every cell of 1–4 is hidden.
 * Secondary suppression, only when `total` is given (pass it whenever the group's total is published or
 * can be derived elsewhere): total minus the published cells gives the sum of the hidden ones. With one
 * hidden cell that sum IS its value, so the next smallest non-zero published cell is hidden as well (the
 * smallest costs the reader the least information; on a tie, the first). We apply the general form of
 * that rule: hide further cells, smallest first, until the hidden cells together come to at least
 * SUPPRESS_BELOW. It does the same for one hidden cell, and also covers two or more small cells whose
 * sum is itself small: [1, 1, 10] with total 12 would otherwise show that both hidden cells are 1.
 * Zero cells stay published: they add nothing to the hidden sum.
 */
export function publishGroup(counts: number[], total?: number): Published[] {
  counts.forEach((n, i) => checkCount(n, `count ${i + 1}`));
  const result = counts.map((n) => (isSmall(n) ? hidden : shown(n)));
  if (total === undefined) return result;
  checkCount(total, 'the total');

  let hiddenSum = counts.reduce((sum, n, i) => (result[i]?.suppressed ? sum + n : sum), 0);
  while (isSmall(hiddenSum)) {
    let next = -1;
    let nextCount = 0;
    counts.forEach((n, i) => {
      if (!result[i]?.suppressed && n > 0 && (next === -1 || n < nextCount)) {
        next = i;
        nextCount = n;
      }
    });
    // No non-zero cell left to hide: every non-zero cell is already hidden, so subtraction gives nothing more.
    if (next === -1) break;
    result[next] = hiddenToProtect;
    hiddenSum += nextCount;
  }
  return result;
}

/**
 * A percentage (numerator of denominator) rounded to a whole number, half up. Suppressed when the
 * numerator or the denominator is 1–4, or when denominator − numerator is 1–4: "8 of 10 pupils (80%)"
 * tells the reader that 2 are not. A denominator of 0 has no share: value null, not suppressed.
 */
export function publishShare(numerator: number, denominator: number): { value: number | null; suppressed: boolean } {
  checkCount(numerator, 'the numerator');
  checkCount(denominator, 'the denominator');
  if (numerator > denominator) throw new RangeError(`the numerator (${numerator}) is more than the denominator (${denominator})`);
  if (denominator === 0) return { value: null, suppressed: false };
  if (isSmall(numerator) || isSmall(denominator) || isSmall(denominator - numerator)) return { value: null, suppressed: true };
  return { value: Math.round((100 * numerator) / denominator), suppressed: false };
}

/** What a cell hidden to protect another says: it is 5 or more, so "fewer than 5" would be false. */
export const PROTECTED_TEXT = 'not published, to protect privacy';

/**
 * The published text of a count. Only a cell hidden because it is 1–4 reads "fewer than 5"; a cell hidden by
 * secondary suppression (5 or more) reads PROTECTED_TEXT, and so does a cell fixed before reasons were
 * recorded (published versions are immutable, and for those we cannot tell which it was).
 */
export function describePublished(p: Published): string {
  if (!p.suppressed) return String(p.value);
  return p.reason === 'small' ? `fewer than ${SUPPRESS_BELOW}` : PROTECTED_TEXT;
}

/** The published text of a share: a hidden share may hide a small numerator OR a small remainder, so never "fewer than 5". */
export function describeShare(s: { value: number | null; suppressed: boolean }): string {
  return s.suppressed ? PROTECTED_TEXT : s.value === null ? 'none this year' : `${s.value}%`;
}

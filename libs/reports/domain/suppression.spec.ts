import type { Published } from './report.types.js';
import { PROTECTED_TEXT, SUPPRESS_BELOW, describePublished, describeShare, publish, publishGroup, publishShare } from './suppression.js';

/** Hidden because it is 1–4 (primary). */
const S: Published = { value: null, suppressed: true, reason: 'small' };
/** Hidden only to protect another cell (secondary): 5 or more. */
const X: Published = { value: null, suppressed: true, reason: 'secondary' };
const P = (value: number): Published => ({ value, suppressed: false });

describe('publish', () => {
  it('publishes 0 and 5 or more, suppresses 1–4', () => {
    expect(SUPPRESS_BELOW).toBe(5);
    expect(publish(0)).toEqual(P(0));
    for (const n of [1, 2, 3, 4]) expect(publish(n)).toEqual(S);
    expect(publish(5)).toEqual(P(5));
    expect(publish(237)).toEqual(P(237));
  });

  it('refuses what is not a count', () => {
    expect(() => publish(-1)).toThrow(RangeError);
    expect(() => publish(2.5)).toThrow(RangeError);
    expect(() => publish(Number.NaN)).toThrow(RangeError);
  });
});

describe('publishGroup', () => {
  it('without a total, suppresses only the cells of 1–4', () => {
    expect(publishGroup([12, 3, 7])).toEqual([P(12), S, P(7)]);
    expect(publishGroup([0, 4, 5, 1])).toEqual([P(0), S, P(5), S]);
    expect(publishGroup([])).toEqual([]);
  });

  it('with a total and one hidden cell, also hides the next smallest non-zero cell', () => {
    // 22 − 12 − 7 would give the 3 away.
    expect(publishGroup([12, 3, 7], 22)).toEqual([P(12), S, X]);
    // zeros are skipped: the 0 stays published and the 6 is hidden
    expect(publishGroup([0, 9, 2, 6], 17)).toEqual([P(0), P(9), S, X]);
  });

  it('on a tie, hides the first of the smallest cells', () => {
    expect(publishGroup([8, 3, 8, 20], 39)).toEqual([X, S, P(8), P(20)]);
  });

  it('hides nothing more when the hidden cells already sum to 5 or more', () => {
    expect(publishGroup([12, 3, 4, 7], 26)).toEqual([P(12), S, S, P(7)]);
  });

  it('hides another cell when two hidden cells sum to less than 5 ([1, 1, 10] would show both are 1)', () => {
    expect(publishGroup([1, 1, 10], 12)).toEqual([S, S, X]);
    expect(publishGroup([1, 2, 10, 6], 19)).toEqual([S, S, P(10), X]);
  });

  it('leaves a group with no small cell, or nothing left to hide, alone', () => {
    expect(publishGroup([12, 0, 7], 19)).toEqual([P(12), P(0), P(7)]);
    expect(publishGroup([3, 0, 0], 3)).toEqual([S, P(0), P(0)]);
  });

  it('refuses bad counts', () => {
    expect(() => publishGroup([3, -1])).toThrow(RangeError);
    expect(() => publishGroup([3, 5], 7.5)).toThrow(RangeError);
  });
});

describe('publishShare', () => {
  it('rounds to a whole percentage, half up', () => {
    expect(publishShare(10, 40)).toEqual({ value: 25, suppressed: false });
    expect(publishShare(7, 30)).toEqual({ value: 23, suppressed: false });
    expect(publishShare(5, 40)).toEqual({ value: 13, suppressed: false }); // 12.5
    expect(publishShare(0, 30)).toEqual({ value: 0, suppressed: false });
    expect(publishShare(30, 30)).toEqual({ value: 100, suppressed: false });
  });

  it('suppresses a small numerator, a small denominator, or a small complement', () => {
    expect(publishShare(4, 100)).toEqual({ value: null, suppressed: true });
    expect(publishShare(0, 4)).toEqual({ value: null, suppressed: true });
    expect(publishShare(4, 4)).toEqual({ value: null, suppressed: true });
    expect(publishShare(8, 10)).toEqual({ value: null, suppressed: true }); // 2 are not
    expect(publishShare(96, 100)).toEqual({ value: null, suppressed: true });
    expect(publishShare(95, 100)).toEqual({ value: 95, suppressed: false });
    expect(publishShare(5, 10)).toEqual({ value: 50, suppressed: false });
  });

  it('gives no share of nothing, and refuses impossible shares', () => {
    expect(publishShare(0, 0)).toEqual({ value: null, suppressed: false });
    expect(() => publishShare(6, 5)).toThrow(RangeError);
    expect(() => publishShare(-1, 5)).toThrow(RangeError);
    expect(() => publishShare(1, 0)).toThrow(RangeError);
  });
});

describe('describePublished', () => {
  it('gives the number, "fewer than 5" for a cell of 1–4, and never "fewer than 5" for a cell hidden to protect another', () => {
    expect(PROTECTED_TEXT).toBe('not published, to protect privacy');
    expect(describePublished(P(0))).toBe('0');
    expect(describePublished(P(17))).toBe('17');
    expect(describePublished(S)).toBe('fewer than 5');
    expect(describePublished(X)).toBe('not published, to protect privacy');
    // the 7 is hidden only so that 22 − 12 does not give the 3 away: it is not "fewer than 5"
    expect(publishGroup([12, 3, 7], 22).map(describePublished)).toEqual(['12', 'fewer than 5', 'not published, to protect privacy']);
  });

  it('describes a cell fixed before reasons were recorded without claiming it is under 5', () => {
    expect(describePublished({ value: null, suppressed: true })).toBe(PROTECTED_TEXT);
  });

  it('never describes a hidden share as "fewer than 5": it may hide a small remainder', () => {
    expect(describeShare(publishShare(8, 10))).toBe(PROTECTED_TEXT);
    expect(describeShare(publishShare(5, 10))).toBe('50%');
    expect(describeShare(publishShare(0, 0))).toBe('none this year');
  });
});

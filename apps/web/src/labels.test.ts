import { describe, expect, it } from 'vitest';
import { NEEDS, SEN_STATUS, isOneOf, longDate, yearLabel } from './labels';

describe('labels', () => {
  it("isOneOf narrows a select's string to the API's enum, and refuses anything else", () => {
    expect(isOneOf(SEN_STATUS, 'K')).toBe(true);
    expect(isOneOf(SEN_STATUS, 'X')).toBe(false);
    expect(isOneOf(NEEDS, 'SEMH')).toBe(true);
    // Object.prototype's names are not labels.
    expect(isOneOf(SEN_STATUS, 'toString')).toBe(false);
  });

  it('year groups and dates read as a school writes them', () => {
    expect(yearLabel('R')).toBe('Reception');
    expect(yearLabel('N1')).toBe('Nursery 1');
    expect(yearLabel('6')).toBe('Year 6');
    expect(longDate('2026-09-03')).toBe('3 September 2026');
    expect(longDate(null)).toBe('—');
  });
});

import { YEAR_GROUPS, checkDateOfBirth, numberToYearGroup, parseYearGroup, yearGroupLabel, yearGroupToNumber } from './year-groups.js';

describe('year group numbering', () => {
  it('numbers from Reception and round-trips', () => {
    expect(yearGroupToNumber('N1')).toBe(-2);
    expect(yearGroupToNumber('N2')).toBe(-1);
    expect(yearGroupToNumber('R')).toBe(0);
    expect(yearGroupToNumber('13')).toBe(13);
    for (const y of YEAR_GROUPS) expect(numberToYearGroup(yearGroupToNumber(y))).toBe(y);
    expect(() => numberToYearGroup(14)).toThrow(RangeError);
    expect(() => numberToYearGroup(-3)).toThrow(RangeError);
    expect(() => numberToYearGroup(1.5)).toThrow(RangeError);
  });

  it('labels year groups in words', () => {
    expect(YEAR_GROUPS.map(yearGroupLabel).slice(0, 4)).toEqual(['Nursery 1', 'Nursery 2', 'Reception', 'Year 1']);
  });
});

describe('parseYearGroup', () => {
  it.each([
    ['R', 'R'],
    ['Rec', 'R'],
    ['reception', 'R'],
    ['YR', 'R'],
    [' Year R ', 'R'],
    ['N1', 'N1'],
    ['Nursery 1', 'N1'],
    ['n2', 'N2'],
    ['Nursery 2', 'N2'],
    ['Nursery', 'N2'],
    ['3', '3'],
    ['Y3', '3'],
    ['Year 3', '3'],
    ['yr 3', '3'],
    ['03', '3'],
    ['Y03', '3'],
    ['year  11', '11'],
    ['13', '13'],
  ])('%s → %s', (raw, expected) => {
    expect(parseYearGroup(raw)).toBe(expected);
  });

  it.each(['', '0', '14', 'Year 14', 'Y', 'Three', 'N3', '3A'])('rejects %p', (raw) => {
    expect(parseYearGroup(raw)).toBeNull();
  });
});

describe('checkDateOfBirth', () => {
  const today = '2026-10-01'; // academic year 2026/27: Year 3 were born 2018-09-01 … 2019-08-31

  it('accepts the chronological cohort and one year either side', () => {
    expect(checkDateOfBirth('2018-09-01', '3', today)).toBeNull();
    expect(checkDateOfBirth('2019-08-31', '3', today)).toBeNull();
    expect(checkDateOfBirth('2017-09-01', '3', today)).toBeNull(); // a year older: lowest tolerated
    expect(checkDateOfBirth('2020-08-31', '3', today)).toBeNull(); // a year younger: highest tolerated
  });

  it('rejects dates just past the tolerance with the expected range', () => {
    const message = 'is not plausible for Year 3 in 2026/27 (expected between 2018-09-01 and 2019-08-31, give or take a year)';
    expect(checkDateOfBirth('2017-08-31', '3', today)).toBe(`date of birth 2017-08-31 ${message}`);
    expect(checkDateOfBirth('2020-09-01', '3', today)).toBe(`date of birth 2020-09-01 ${message}`);
    expect(checkDateOfBirth('2010-05-01', '3', today)).toBe(`date of birth 2010-05-01 ${message}`);
  });

  it('places Reception and nursery years before Year 1', () => {
    expect(checkDateOfBirth('2022-08-31', 'R', today)).toBeNull();
    expect(checkDateOfBirth('2023-06-01', 'N2', today)).toBeNull();
    expect(checkDateOfBirth('2024-06-01', 'N1', today)).toBeNull();
    expect(checkDateOfBirth('2015-06-01', 'R', today)).toContain('not plausible for Reception in 2026/27');
  });

  it('uses the academic year of "today", not the calendar year', () => {
    // In July 2027 it is still 2026/27, so the same Year 3 range applies.
    expect(checkDateOfBirth('2019-08-31', '3', '2027-07-20')).toBeNull();
    expect(checkDateOfBirth('2021-01-01', '3', '2027-07-20')).toContain('in 2026/27');
  });

  it('rejects a future or malformed date of birth', () => {
    expect(checkDateOfBirth('2026-10-02', 'N1', today)).toBe('date of birth 2026-10-02 is in the future');
    expect(checkDateOfBirth('01/09/2018', '3', today)).toBe("date of birth '01/09/2018' is not a yyyy-mm-dd date");
  });
});

import { academicYearBounds, academicYearLabel, academicYearOf, cohortYearOf } from './academic-year.js';
import { addDays, dateInZone, dayNumber, daysBetween, isIsoDate, isoOfDay, oneYearBefore, requireDay, weekdayOfDay } from './dates.js';

describe('plain dates', () => {
  it('knows real dates from impossible ones, 29 February included', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2027-02-30')).toBe(false);
    expect(isIsoDate('2026-3-1')).toBe(false);
    expect(isIsoDate('2026-03-01T00:00:00Z')).toBe(false);
    expect(isIsoDate(20260301)).toBe(false);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(() => requireDay('2027-02-29', 'startsOn')).toThrow(/startsOn "2027-02-29"/);
  });

  it('adds and counts calendar days across month, leap day and year ends', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-05', 7 * 10)).toBe('2026-03-16');
    expect(daysBetween('2025-07-11', '2025-07-18')).toBe(7);
    expect(daysBetween('2025-03-01', '2024-02-28')).toBe(-367);
    expect(() => daysBetween('2025-02-29', '2025-03-01')).toThrow(RangeError);
    expect(isoOfDay(dayNumber('2026-09-01')!)).toBe('2026-09-01');
  });

  it('keeps whole days across the clock changes in Europe/London', () => {
    // 29 March 2026 has 23 hours in London, 25 October 2026 has 25: plain dates must not notice.
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-10-01', '2026-11-01')).toBe(31);
  });

  it('numbers weekdays from Monday', () => {
    expect(weekdayOfDay(requireDay('2026-09-07'))).toBe(1); // a Monday
    expect(weekdayOfDay(requireDay('2026-09-13'))).toBe(7); // a Sunday
    expect(weekdayOfDay(0)).toBe(4); // 1 January 1970, a Thursday
    expect(weekdayOfDay(-1)).toBe(3);
  });

  it('steps a year back, with 29 February falling back to 28 February', () => {
    expect(oneYearBefore('2028-02-29')).toBe('2027-02-28');
    expect(oneYearBefore('2026-09-01')).toBe('2025-09-01');
  });
});

describe("the date in a school's time zone", () => {
  it("is London's date, not UTC's, either side of midnight in summer time", () => {
    expect(dateInZone(new Date('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
    expect(dateInZone(new Date('2026-06-30T22:59:00Z'), 'Europe/London')).toBe('2026-06-30');
  });

  it("is UTC's date in winter, and follows the clock changes", () => {
    expect(dateInZone(new Date('2026-12-31T23:30:00Z'), 'Europe/London')).toBe('2026-12-31');
    // Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
    expect(dateInZone(new Date('2026-03-28T23:30:00Z'), 'Europe/London')).toBe('2026-03-28');
    expect(dateInZone(new Date('2026-03-29T23:30:00Z'), 'Europe/London')).toBe('2026-03-30');
    expect(dateInZone(new Date('2026-10-24T23:30:00Z'), 'Europe/London')).toBe('2026-10-25');
    expect(dateInZone(new Date('2026-10-25T23:30:00Z'), 'Europe/London')).toBe('2026-10-25');
  });

  it('changes at the first millisecond of local midnight, even when asked just before within the same run', () => {
    expect(dateInZone(new Date('2026-06-30T22:59:59.999Z'), 'Europe/London')).toBe('2026-06-30');
    expect(dateInZone(new Date('2026-06-30T23:00:00.000Z'), 'Europe/London')).toBe('2026-07-01');
    // Kathmandu is 5 h 45 min ahead of UTC: its midnight falls at a quarter past a UTC hour.
    expect(dateInZone(new Date('2026-06-30T18:14:59.999Z'), 'Asia/Kathmandu')).toBe('2026-06-30');
    expect(dateInZone(new Date('2026-06-30T18:15:00.000Z'), 'Asia/Kathmandu')).toBe('2026-07-01');
  });

  it('gives each zone its own date within the same minute, and goes back in time when the clock does', () => {
    const at = new Date('2026-07-01T02:30:00Z');
    expect(dateInZone(at, 'Europe/London')).toBe('2026-07-01');
    expect(dateInZone(at, 'America/New_York')).toBe('2026-06-30');
    expect(dateInZone(at, 'Europe/London')).toBe('2026-07-01');
    expect(dateInZone(new Date('2026-06-01T02:30:00Z'), 'Europe/London')).toBe('2026-06-01');
  });
});

describe('academic years', () => {
  it('changes year groups on 1 September', () => {
    expect(cohortYearOf('2026-08-31')).toBe(2025);
    expect(cohortYearOf('2026-09-01')).toBe(2026);
    expect(cohortYearOf('2027-01-15')).toBe(2026);
    expect(cohortYearOf('2028-02-29')).toBe(2027);
  });

  it("starts the school calendar's year on 1 August, so the summer holiday leads into the new year", () => {
    expect(academicYearOf('2026-07-31')).toBe(2025);
    expect(academicYearOf('2026-08-01')).toBe(2026);
    expect(academicYearOf('2026-09-01')).toBe(2026);
    expect(academicYearOf('2027-07-31')).toBe(2026);
    expect(academicYearBounds(2026)).toEqual({ startsOn: '2026-08-01', endsOn: '2027-07-31' });
    expect(academicYearLabel(2026)).toBe('2026/27');
    expect(academicYearLabel(2099)).toBe('2099/00');
    expect(() => academicYearOf('2027-02-29')).toThrow(RangeError);
  });
});

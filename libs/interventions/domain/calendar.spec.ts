import { academicYearBounds, academicYearOf } from '#libs/core';
import { type ClosureInput, type SchoolCalendar, type TermInput, checkCalendar, closedReason, isOpenDay, openDays } from './calendar.js';

/** 2026/27 as an English school might enter it: three terms, two INSET days, half terms and a bank holiday. */
const TERMS: TermInput[] = [
  { name: 'Autumn', startsOn: '2026-09-01', endsOn: '2026-12-18' },
  { name: 'Spring', startsOn: '2027-01-04', endsOn: '2027-03-26' },
  { name: 'Summer', startsOn: '2027-04-12', endsOn: '2027-07-21' },
];
const CLOSURES: ClosureInput[] = [
  { kind: 'inset', name: 'INSET', startsOn: '2026-09-01', endsOn: '2026-09-02' }, // Tuesday, Wednesday
  { kind: 'half_term', name: null, startsOn: '2026-10-26', endsOn: '2026-10-30' },
  { kind: 'half_term', name: null, startsOn: '2027-02-15', endsOn: '2027-02-19' },
  { kind: 'bank_holiday', name: 'Early May', startsOn: '2027-05-03', endsOn: '2027-05-03' },
  { kind: 'half_term', name: null, startsOn: '2027-05-31', endsOn: '2027-06-04' },
];
const CAL: SchoolCalendar = { terms: TERMS, closures: CLOSURES };

describe('academic year', () => {
  it.each([
    ['2026-09-01', 2026],
    ['2026-08-01', 2026],
    ['2027-07-31', 2026],
    ['2027-08-01', 2027],
    ['2026-07-31', 2025],
    ['2027-01-01', 2026],
    ['2024-02-29', 2023],
  ])('%s is in the year starting %i', (date, year) => {
    expect(academicYearOf(date)).toBe(year);
  });

  it('has bounds from 1 August to 31 July', () => {
    expect(academicYearBounds(2026)).toEqual({ startsOn: '2026-08-01', endsOn: '2027-07-31' });
    for (const date of ['2026-08-01', '2027-07-31']) expect(academicYearOf(date)).toBe(2026);
  });

  it('refuses a date that does not exist', () => {
    expect(() => academicYearOf('2027-02-29')).toThrow(RangeError);
    expect(() => academicYearOf('1/9/2026')).toThrow(RangeError);
  });
});

describe('open days', () => {
  it('skips a half term and the weekends around it', () => {
    expect(openDays('2026-10-22', '2026-11-03', CAL)).toEqual(['2026-10-22', '2026-10-23', '2026-11-02', '2026-11-03']);
  });

  it('skips INSET days at the start of term and the day before term', () => {
    // Monday 31 August is before the term, Tuesday and Wednesday are INSET, the weekend is closed.
    expect(openDays('2026-08-31', '2026-09-07', CAL)).toEqual(['2026-09-03', '2026-09-04', '2026-09-07']);
  });

  it('skips a one-day bank holiday', () => {
    expect(openDays('2027-04-30', '2027-05-04', CAL)).toEqual(['2027-04-30', '2027-05-04']);
  });

  it('counts the open days of the whole year (72 + 55 + 67), however far the period reaches', () => {
    const all = openDays('2000-01-01', '2100-12-31', CAL);
    expect(all).toHaveLength(194);
    expect(all[0]).toBe('2026-09-03');
    expect(all.at(-1)).toBe('2027-07-21');
    expect(openDays('2026-09-01', '2026-12-18', CAL)).toHaveLength(72);
    expect([...all].sort()).toEqual(all);
  });

  it('includes both ends and is empty for a reversed period or no terms', () => {
    expect(openDays('2026-09-03', '2026-09-03', CAL)).toEqual(['2026-09-03']);
    expect(openDays('2026-09-04', '2026-09-03', CAL)).toEqual([]);
    expect(openDays('2026-09-01', '2026-12-18', { terms: [], closures: [] })).toEqual([]);
  });

  it.each([
    ['2026-09-05', 'weekend'], // Saturday
    ['2026-10-31', 'weekend'], // Saturday in half term: the weekend comes first
    ['2026-08-31', 'outside_term'],
    ['2026-12-25', 'outside_term'], // a Friday in the Christmas holiday
    ['2026-09-01', 'closure'],
    ['2026-09-02', 'closure'],
    ['2027-05-03', 'closure'],
    ['2027-07-21', null], // the last day of the year
    ['2026-09-03', null],
  ] as const)('%s: %p', (date, reason) => {
    expect(closedReason(date, CAL)).toBe(reason);
    expect(isOpenDay(date, CAL)).toBe(reason === null);
  });
});

describe('checkCalendar', () => {
  const fields = (terms: TermInput[], closures: ClosureInput[] = []) => checkCalendar(2026, terms, closures).map((e) => e.field);

  it('accepts a sound year', () => {
    expect(checkCalendar(2026, TERMS, CLOSURES)).toEqual([]);
  });

  it('refuses a term that ends before it starts', () => {
    const errors = checkCalendar(2026, [TERMS[0]!, { name: 'Spring', startsOn: '2027-03-26', endsOn: '2027-01-04' }], []);
    expect(errors).toEqual([
      {
        field: 'terms.1.endsOn',
        message: 'terms.1.endsOn 2027-01-04 is before the term starts (2027-03-26); check the dates are the right way round',
      },
    ]);
  });

  it('refuses dates outside the academic year, naming the year', () => {
    const errors = checkCalendar(2026, [{ name: 'Autumn', startsOn: '2026-07-20', endsOn: '2026-12-18' }], []);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.field).toBe('terms.0.startsOn');
    expect(errors[0]!.message).toContain('is outside the 2026/27 academic year (2026-08-01 to 2027-07-31)');
    expect(fields([{ name: 'Summer', startsOn: '2027-04-12', endsOn: '2027-08-01' }])).toEqual(['terms.0.endsOn']);
    expect(fields([{ name: 'Summer', startsOn: '2027-04-12', endsOn: '2027-07-31' }])).toEqual([]);
  });

  it('refuses a date that is not a date', () => {
    const errors = checkCalendar(2026, [{ name: 'Autumn', startsOn: '2026-09-31', endsOn: '18/12/2026' }], []);
    expect(errors.map((e) => e.field)).toEqual(['terms.0.startsOn', 'terms.0.endsOn']);
    expect(errors[0]!.message).toBe('terms.0.startsOn "2026-09-31" is not a date; use YYYY-MM-DD');
  });

  it('refuses overlapping terms once, naming both', () => {
    const errors = checkCalendar(2026, [TERMS[0]!, { name: 'Spring', startsOn: '2026-12-18', endsOn: '2027-03-26' }], []);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.field).toBe('terms.1.startsOn');
    expect(errors[0]!.message).toContain("terms.1 'Spring' (2026-12-18 to 2027-03-26) overlaps terms.0 'Autumn' (2026-09-01 to 2026-12-18)");
    // Terms that meet without sharing a day are fine.
    expect(fields([TERMS[0]!, { name: 'Spring', startsOn: '2026-12-19', endsOn: '2027-03-26' }])).toEqual([]);
  });

  it('refuses more than six terms', () => {
    // Seven one-day terms, so nothing else is wrong with them.
    const terms = Array.from({ length: 7 }, (_, i) => {
      const date = `2026-09-0${i + 1}`;
      return { name: `Term ${i + 1}`, startsOn: date, endsOn: date };
    });
    const errors = checkCalendar(2026, terms, []);
    expect(errors).toEqual([{ field: 'terms', message: expect.stringContaining('terms has 7 entries; a school year has at most 6') }]);
    expect(checkCalendar(2026, terms.slice(0, 6), [])).toEqual([]);
  });

  it('refuses duplicate and empty term names, ignoring case and spaces', () => {
    const errors = checkCalendar(2026, [TERMS[0]!, { ...TERMS[1]!, name: ' autumn ' }, { ...TERMS[2]!, name: '' }], []);
    expect(errors).toEqual([
      { field: 'terms.1.name', message: "terms.1.name 'autumn' is already the name of terms.0; give each term its own name" },
      { field: 'terms.2.name', message: "terms.2.name is empty; name the term, e.g. 'Autumn 1'" },
    ]);
  });

  it('refuses a closure that ends before it starts', () => {
    const errors = checkCalendar(2026, TERMS, [{ kind: 'half_term', name: null, startsOn: '2026-10-30', endsOn: '2026-10-26' }]);
    expect(errors).toEqual([
      {
        field: 'closures.0.endsOn',
        message: 'closures.0.endsOn 2026-10-26 is before the half term starts (2026-10-30); check the dates are the right way round',
      },
    ]);
  });

  it('refuses a closure outside every term as having no effect', () => {
    // The Christmas holiday is not a closure: the school is already closed between terms.
    const errors = checkCalendar(2026, TERMS, [{ kind: 'closure', name: 'Christmas', startsOn: '2026-12-21', endsOn: '2027-01-01' }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.field).toBe('closures.0.startsOn');
    expect(errors[0]!.message).toContain('falls outside every term, so it has no effect');
    // Partly inside a term is useful: it closes the days it shares.
    expect(fields(TERMS, [{ kind: 'closure', name: null, startsOn: '2026-12-18', endsOn: '2027-01-01' }])).toEqual([]);
  });

  it('refuses a closure outside the academic year and an unknown kind', () => {
    const closures = [
      { kind: 'inset', name: null, startsOn: '2027-09-01', endsOn: '2027-09-01' },
      { kind: 'holiday', name: null, startsOn: '2026-09-01', endsOn: '2026-09-01' },
    ] as unknown as ClosureInput[];
    const errors = checkCalendar(2026, TERMS, closures);
    expect(errors.map((e) => e.field)).toEqual(['closures.0.startsOn', 'closures.0.endsOn', 'closures.1.kind']);
    expect(errors[2]!.message).toBe('closures.1.kind "holiday" is not a kind of closure; use one of half_term, inset, bank_holiday, closure');
  });

  it('refuses an academic year that is not a year', () => {
    expect(checkCalendar(26.5, TERMS, CLOSURES).map((e) => e.field)).toEqual(['academicYear']);
  });
});

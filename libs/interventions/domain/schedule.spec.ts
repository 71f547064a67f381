import { type SchoolCalendar, isOpenDay } from './calendar.js';
import { MAX_SESSION_MINUTES, type Slot, checkPeriod, checkSlots, endTime, overlaps, plannedSessions } from './schedule.js';

/** Autumn 2026: opens Tuesday 1 September with two INSET days, half term 26–30 October, ends Friday 18 December. */
const CAL: SchoolCalendar = {
  terms: [
    { startsOn: '2026-09-01', endsOn: '2026-12-18' },
    { startsOn: '2027-01-04', endsOn: '2027-03-26' },
  ],
  closures: [
    { startsOn: '2026-09-01', endsOn: '2026-09-02' },
    { startsOn: '2026-10-26', endsOn: '2026-10-30' },
    { startsOn: '2027-02-15', endsOn: '2027-02-19' },
  ],
};
const MON_WED_FRI: Slot[] = [
  { weekday: 1, startTime: '09:00', minutes: 30 },
  { weekday: 3, startTime: '09:00', minutes: 30 },
  { weekday: 5, startTime: '09:00', minutes: 30 },
];

describe('plannedSessions', () => {
  it('plans exactly the Mon/Wed/Fri sessions of a term around its INSET days and half term', () => {
    const sessions = plannedSessions('2026-09-01', '2026-12-18', MON_WED_FRI, CAL);
    // First week: only Friday 4 (Monday 31 August is before term, Wednesday 2 is INSET). Then 15 weeks from
    // 7 September to 18 December, less the half-term week: 14 × 3 = 42. Total 43.
    expect(sessions).toHaveLength(43);
    expect(sessions[0]).toEqual({ date: '2026-09-04', startTime: '09:00', minutes: 30 });
    expect(sessions.slice(1, 4).map((s) => s.date)).toEqual(['2026-09-07', '2026-09-09', '2026-09-11']);
    expect(sessions.at(-1)).toEqual({ date: '2026-12-18', startTime: '09:00', minutes: 30 });
    const aroundHalfTerm = sessions.map((s) => s.date).filter((d) => d >= '2026-10-19' && d <= '2026-11-06');
    expect(aroundHalfTerm).toEqual(['2026-10-19', '2026-10-21', '2026-10-23', '2026-11-02', '2026-11-04', '2026-11-06']);
  });

  it('never plans a session on a closed day', () => {
    const everyDay: Slot[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as Slot['weekday'], startTime: '13:15', minutes: 20 }));
    const sessions = plannedSessions('2026-08-01', '2027-07-31', everyDay, CAL);
    expect(sessions).toHaveLength(72 + 55);
    for (const s of sessions) expect(isOpenDay(s.date, CAL)).toBe(true);
    const dates = new Set(sessions.map((s) => s.date));
    for (const closed of ['2026-09-01', '2026-09-02', '2026-10-26', '2026-10-30', '2026-12-21', '2027-02-17', '2027-03-29']) {
      expect(dates.has(closed)).toBe(false);
    }
  });

  it('orders by date then time and reads times stored as HH:MM:SS', () => {
    const slots: Slot[] = [
      { weekday: 2, startTime: '13:00:00', minutes: 15 },
      { weekday: 2, startTime: '08:45', minutes: 15 },
      { weekday: 1, startTime: '14:00', minutes: 45 },
    ];
    expect(plannedSessions('2026-09-07', '2026-09-08', slots, CAL)).toEqual([
      { date: '2026-09-07', startTime: '14:00', minutes: 45 },
      { date: '2026-09-08', startTime: '08:45', minutes: 15 },
      { date: '2026-09-08', startTime: '13:00', minutes: 15 },
    ]);
  });

  it('plans nothing outside the period, outside the terms, or without slots', () => {
    expect(plannedSessions('2026-12-19', '2027-01-03', MON_WED_FRI, CAL)).toEqual([]);
    expect(plannedSessions('2026-09-10', '2026-09-09', MON_WED_FRI, CAL)).toEqual([]);
    expect(plannedSessions('2026-09-01', '2026-12-18', [], CAL)).toEqual([]);
    expect(plannedSessions('2026-09-09', '2026-09-09', MON_WED_FRI, CAL)).toEqual([{ date: '2026-09-09', startTime: '09:00', minutes: 30 }]);
  });
});

describe('checkSlots', () => {
  const check = (slot: Partial<Slot>) => checkSlots([{ weekday: 1, startTime: '09:00', minutes: 30, ...slot }]);

  it('accepts a sound timetable, including the edges of the day', () => {
    expect(checkSlots(MON_WED_FRI)).toEqual([]);
    expect(check({ startTime: '07:00', minutes: MAX_SESSION_MINUTES })).toEqual([]);
    expect(check({ startTime: '18:00', minutes: 60 })).toEqual([]);
    expect(check({ minutes: 1 })).toEqual([]);
  });

  it.each([0, 6, 7, 1.5, null])('refuses weekday %p', (weekday) => {
    expect(check({ weekday } as unknown as Slot)).toEqual([
      { field: 'schedule.0.weekday', message: expect.stringContaining('is not a school day; use 1 (Monday) to 5 (Friday)') },
    ]);
  });

  it.each(['9:00', '24:00', '12:60', '09:00:00', 'noon', ''])('refuses start time %p as not a time', (startTime) => {
    expect(check({ startTime })).toEqual([
      { field: 'schedule.0.startTime', message: expect.stringContaining('is not a time; use HH:MM on the 24-hour clock') },
    ]);
  });

  it.each(['06:59', '18:01', '00:00', '23:30'])('refuses start time %s as outside the school day', (startTime) => {
    expect(check({ startTime, minutes: 10 })).toEqual([
      { field: 'schedule.0.startTime', message: `schedule.0.startTime ${startTime} is outside the school day; start a session between 07:00 and 18:00` },
    ]);
  });

  it('refuses a session of 0 minutes', () => {
    expect(check({ minutes: 0 })).toEqual([{ field: 'schedule.0.minutes', message: 'schedule.0.minutes is 0; a session lasts at least 1 minute' }]);
    expect(check({ minutes: -5 }).map((e) => e.field)).toEqual(['schedule.0.minutes']);
  });

  it('refuses a session longer than a school day', () => {
    expect(check({ startTime: '08:00', minutes: 400 })).toEqual([
      {
        field: 'schedule.0.minutes',
        message: 'schedule.0.minutes 400 is longer than a school day (390 minutes); check the length, or split it into separate sessions',
      },
    ]);
  });

  it('refuses minutes that are not a whole number', () => {
    expect(check({ minutes: 22.5 })[0]!.message).toContain('is not a whole number');
    expect(check({ minutes: '30' } as unknown as Slot)[0]!.message).toContain('is not a whole number');
  });

  it('refuses a session that ends after 19:00', () => {
    expect(check({ startTime: '18:00', minutes: 61 })).toEqual([
      {
        field: 'schedule.0.minutes',
        message: 'schedule.0 starts at 18:00 and lasts 61 minutes, so it ends at 19:01; a session must end by 19:00: start earlier or shorten it',
      },
    ]);
  });

  it('refuses two slots overlapping on the same weekday, once, on the later slot', () => {
    const errors = checkSlots(
      [
        { weekday: 2, startTime: '09:00', minutes: 30 },
        { weekday: 3, startTime: '09:10', minutes: 30 }, // another day
        { weekday: 2, startTime: '09:30', minutes: 30 }, // touches the first: fine
        { weekday: 2, startTime: '09:15', minutes: 10 }, // inside the first and touching the third
      ],
      'groups.1.slots',
    );
    expect(errors).toEqual([
      {
        field: 'groups.1.slots.3.startTime',
        message:
          'groups.1.slots.3 (Tuesday 09:15 to 09:25) overlaps groups.1.slots.0 (Tuesday 09:00 to 09:30); ' +
          'a group cannot have two sessions at once: move or remove one',
      },
    ]);
  });

  it('refuses the same slot twice', () => {
    expect(checkSlots([MON_WED_FRI[0]!, MON_WED_FRI[0]!]).map((e) => e.field)).toEqual(['schedule.1.startTime']);
  });
});

describe('checkPeriod', () => {
  it('refuses a schedule that ends before it starts', () => {
    expect(checkPeriod('2026-09-01', '2026-09-01')).toEqual([]);
    expect(checkPeriod('2026-09-02', '2026-09-01', 'schedule')).toEqual([
      {
        field: 'schedule.endsOn',
        message: 'schedule.endsOn 2026-09-01 is before the schedule starts (2026-09-02); check the dates are the right way round',
      },
    ]);
    expect(checkPeriod('2026-09-02', '2026-09-01').map((e) => e.field)).toEqual(['endsOn']);
  });

  it('refuses a date that is not a date', () => {
    expect(checkPeriod('2026-02-30', '2026-13-01').map((e) => e.field)).toEqual(['startsOn', 'endsOn']);
  });
});

describe('overlaps and endTime', () => {
  const at = (startTime: string, minutes: number, date = '2026-09-07') => ({ date, startTime, minutes });

  it.each([
    [at('09:00', 30), at('09:15', 30), true],
    [at('09:00', 30), at('09:29', 1), true],
    [at('09:00', 60), at('09:15', 15), true], // one inside the other
    [at('09:00', 30), at('09:00', 30), true],
    [at('09:00', 30), at('09:30', 30), false], // end to start: staff go straight from one to the next
    [at('09:30', 30), at('09:00', 30), false],
    [at('09:00', 30), at('09:15', 30, '2026-09-08'), false],
    [at('09:00:00', 30), at('09:29', 30), true],
  ])('%p and %p: %p', (a, b, clash) => {
    expect(overlaps(a, b)).toBe(clash);
    expect(overlaps(b, a)).toBe(clash);
  });

  it('computes the end of a session', () => {
    expect(endTime('09:00', 30)).toBe('09:30');
    expect(endTime('08:45', 75)).toBe('10:00');
    expect(endTime('13:00:00', 5)).toBe('13:05');
    expect(endTime('07:00', 390)).toBe('13:30');
    expect(() => endTime('23:30', 45)).toThrow(RangeError);
    expect(() => endTime('9:00', 30)).toThrow(RangeError);
  });
});

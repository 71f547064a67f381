import { type SchoolCalendar, openDays } from './calendar.js';
import { dayNumber, requireDay, weekdayOfDay, type FieldError } from '#libs/core';
import { clockOf, minuteOfDay, requireMinuteOfDay } from './dates.js';

export type Weekday = 1 | 2 | 3 | 4 | 5;

/** One weekly slot of a group's timetable: a weekday (Monday = 1), a start time 'HH:MM' and a length. */
export interface Slot {
  weekday: Weekday;
  startTime: string;
  minutes: number;
}

/** One dated session: what the timetable plans and what a calendar shows. */
export interface TimedSession {
  date: string;
  startTime: string;
  minutes: number;
}

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const;

/** 6½ hours, a school day: anything longer is a typo or a day, not a session. Also a database constraint. */
export const MAX_SESSION_MINUTES = 390;
/** Breakfast clubs start around 07:30 and after-school sessions run into the early evening. */
export const EARLIEST_START = '07:00';
export const LATEST_START = '18:00';
export const LATEST_END = '19:00';

const EARLIEST_START_MIN = 7 * 60;
const LATEST_START_MIN = 18 * 60;
const LATEST_END_MIN = 19 * 60;

/** 'HH:MM' at which a session starting at `startTime` and lasting `minutes` ends. Throws past midnight. */
export function endTime(startTime: string, minutes: number): string {
  const end = requireMinuteOfDay(startTime, 'startTime') + minutes;
  if (!Number.isInteger(minutes) || minutes < 0 || end >= 24 * 60) {
    throw new RangeError(`a session at ${startTime} of ${minutes} minutes does not end on the same day`);
  }
  return clockOf(end);
}

/**
 * Whether two sessions clash: the same date and time ranges that intersect. A session that ends at 09:30 does
 * not clash with one that starts at 09:30: staff can go straight from one group to the next.
 */
export function overlaps(a: TimedSession, b: TimedSession): boolean {
  if (a.date !== b.date) return false;
  const aStart = requireMinuteOfDay(a.startTime, 'startTime');
  const bStart = requireMinuteOfDay(b.startTime, 'startTime');
  return aStart < bStart + b.minutes && bStart < aStart + a.minutes;
}

const weekdayError = (at: string, weekday: unknown): string | null =>
  Number.isInteger(weekday) && (weekday as number) >= 1 && (weekday as number) <= 5
    ? null
    : `${at}.weekday ${JSON.stringify(weekday ?? null)} is not a school day; use 1 (Monday) to 5 (Friday)`;

const startTimeError = (at: string, startTime: unknown): string | null => {
  const start = minuteOfDay(startTime);
  if (start === null) {
    return `${at}.startTime ${JSON.stringify(startTime ?? null)} is not a time; use HH:MM on the 24-hour clock, e.g. 09:15`;
  }
  if (start < EARLIEST_START_MIN || start > LATEST_START_MIN) {
    return `${at}.startTime ${startTime as string} is outside the school day; start a session between ${EARLIEST_START} and ${LATEST_START}`;
  }
  return null;
};

const minutesError = (at: string, minutes: unknown): string | null => {
  if (typeof minutes !== 'number' || !Number.isInteger(minutes)) {
    return `${at}.minutes ${JSON.stringify(minutes ?? null)} is not a whole number; give the length of the session in minutes`;
  }
  if (minutes <= 0) return `${at}.minutes is ${minutes}; a session lasts at least 1 minute`;
  if (minutes > MAX_SESSION_MINUTES) {
    return `${at}.minutes ${minutes} is longer than a school day (${MAX_SESSION_MINUTES} minutes); check the length, or split it into separate sessions`;
  }
  return null;
};

/**
 * Checks a group's weekly slots. Field names are `${field}.${index}.weekday|startTime|minutes`. Overlapping
 * slots are reported once, on the later slot, naming the earlier: a group cannot be in two places at once.
 */
export function checkSlots(slots: Slot[], field = 'schedule'): FieldError[] {
  const errors: FieldError[] = [];
  const sound: { index: number; weekday: number; start: number; minutes: number }[] = [];
  slots.forEach((slot, i) => {
    const at = `${field}.${i}`;
    const found = {
      weekday: weekdayError(at, slot.weekday),
      startTime: startTimeError(at, slot.startTime),
      minutes: minutesError(at, slot.minutes),
    };
    for (const [key, message] of Object.entries(found)) if (message) errors.push({ field: `${at}.${key}`, message });
    // The end is judged only for a sound start and length: a start at 23:30 is one mistake, not two.
    if (found.startTime || found.minutes) return;
    const start = minuteOfDay(slot.startTime)!;
    const end = start + slot.minutes;
    if (end > LATEST_END_MIN) {
      errors.push({
        field: `${at}.minutes`,
        message:
          `${at} starts at ${slot.startTime} and lasts ${slot.minutes} minutes, so it ends at ${clockOf(end)}; ` +
          `a session must end by ${LATEST_END}: start earlier or shorten it`,
      });
    } else if (!found.weekday) {
      sound.push({ index: i, weekday: slot.weekday, start, minutes: slot.minutes });
    }
  });

  for (const [j, b] of sound.entries()) {
    for (const a of sound.slice(0, j)) {
      if (a.weekday !== b.weekday || !(a.start < b.start + b.minutes && b.start < a.start + a.minutes)) continue;
      const day = WEEKDAY_NAMES[a.weekday - 1];
      errors.push({
        field: `${field}.${b.index}.startTime`,
        message:
          `${field}.${b.index} (${day} ${clockOf(b.start)} to ${clockOf(b.start + b.minutes)}) overlaps ` +
          `${field}.${a.index} (${day} ${clockOf(a.start)} to ${clockOf(a.start + a.minutes)}); ` +
          'a group cannot have two sessions at once: move or remove one',
      });
    }
  }
  return errors;
}

/** A schedule's period (inclusive dates). `prefix` gives `${prefix}.startsOn` / `${prefix}.endsOn`. */
export function checkPeriod(startsOn: string, endsOn: string, prefix?: string): FieldError[] {
  const name = (key: string) => (prefix ? `${prefix}.${key}` : key);
  const errors: FieldError[] = [];
  for (const [key, value] of [
    ['startsOn', startsOn],
    ['endsOn', endsOn],
  ] as const) {
    if (dayNumber(value) === null) {
      errors.push({ field: name(key), message: `${name(key)} ${JSON.stringify(value ?? null)} is not a date; use YYYY-MM-DD` });
    }
  }
  if (errors.length === 0 && endsOn < startsOn) {
    errors.push({
      field: name('endsOn'),
      message: `${name('endsOn')} ${endsOn} is before the schedule starts (${startsOn}); check the dates are the right way round`,
    });
  }
  return errors;
}

/**
 * Every session the timetable plans from `startsOn` to `endsOn` inclusive: each open day of the school
 * calendar that falls on a slot's weekday, ordered by date then start time. A closed day (weekend, outside
 * a term, half term, INSET day, bank holiday) never gets a session. Start times come back as 'HH:MM' even
 * when the slots were read from the database as 'HH:MM:SS'.
 */
export function plannedSessions(startsOn: string, endsOn: string, slots: Slot[], cal: SchoolCalendar): TimedSession[] {
  requireDay(startsOn, 'startsOn');
  requireDay(endsOn, 'endsOn');
  const byWeekday = new Map<number, { startTime: string; start: number; minutes: number }[]>();
  for (const slot of slots) {
    const start = requireMinuteOfDay(slot.startTime, 'startTime');
    const list = byWeekday.get(slot.weekday) ?? [];
    list.push({ startTime: clockOf(start), start, minutes: slot.minutes });
    byWeekday.set(slot.weekday, list);
  }
  for (const list of byWeekday.values()) list.sort((a, b) => a.start - b.start);

  const sessions: TimedSession[] = [];
  if (byWeekday.size === 0) return sessions;
  for (const date of openDays(startsOn, endsOn, cal)) {
    for (const slot of byWeekday.get(weekdayOfDay(requireDay(date, 'date'))) ?? []) {
      sessions.push({ date, startTime: slot.startTime, minutes: slot.minutes });
    }
  }
  return sessions;
}

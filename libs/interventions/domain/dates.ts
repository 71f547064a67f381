/**
 * Plain-date and wall-clock helpers for the timetable. Internal to the domain (not re-exported): the names
 * are generic enough to clash with other libraries' barrels.
 *
 * A date is an ISO 'YYYY-MM-DD' string with no time zone. Arithmetic is done on "day numbers" (days since
 * 1970-01-01) computed with Date.UTC, so neither the server's zone nor a DST change can shift a day.
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a real ISO date, or null for anything else (including 2027-02-30). */
export function dayNumber(date: unknown): number | null {
  if (typeof date !== 'string') return null;
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2027-02-30 over into March: a round trip exposes impossible dates.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

/** For functions whose callers have already validated their input: a bad date is a programming error. */
export function requireDay(date: string, what: string): number {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`${what} ${JSON.stringify(date)} is not a date as YYYY-MM-DD`);
  return day;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday, Monday = 1 … Sunday = 7. Day 0 (1970-01-01) was a Thursday. */
export function weekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export const isRealDate = (date: unknown): date is string => dayNumber(date) !== null;

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** PostgreSQL returns a `time` column as 'HH:MM:SS'; the seconds of a timetable time are always 00. */
const HH_MM_00 = /^([01]\d|2[0-3]):([0-5]\d)(?::00)?$/;

/** Minutes after midnight of a strict 'HH:MM' (24 h), or null. For validating input. */
export function minuteOfDay(time: unknown): number | null {
  if (typeof time !== 'string') return null;
  const m = HH_MM.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Minutes after midnight of 'HH:MM' or a stored 'HH:MM:00'; throws on anything else. */
export function requireMinuteOfDay(time: string, what: string): number {
  const m = typeof time === 'string' ? HH_MM_00.exec(time) : null;
  if (!m) throw new RangeError(`${what} ${JSON.stringify(time)} is not a time as HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function clockOf(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

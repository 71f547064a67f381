/**
 * Plain dates, written once for the whole product. A date is an ISO 'YYYY-MM-DD' string with no time zone.
 * Arithmetic is done on "day numbers" (days since 1970-01-01) computed with Date.UTC, so neither the
 * server's zone nor a DST change can shift a day. "Now" never comes from here: callers pass the Clock's
 * instant (libs/core/time/clock.ts) to `dateInZone`.
 */

export const DAY_MS = 86_400_000;
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

/** A real ISO date (yyyy-mm-dd that exists in the calendar). */
export const isIsoDate = (date: unknown): date is string => dayNumber(date) !== null;

/** For functions whose callers have already validated their input: a bad date is a programming error. */
export function requireDay(date: string, what = 'date'): number {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`${what} ${JSON.stringify(date)} is not a date as YYYY-MM-DD`);
  return day;
}

/** The ISO date of a day number. */
export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday, Monday = 1 … Sunday = 7. Day 0 (1970-01-01) was a Thursday. */
export function weekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The ISO date `days` calendar days after `date` (before it when negative). Throws on a date that is not real. */
export function addDays(date: string, days: number): string {
  return isoOfDay(requireDay(date) + days);
}

/** Calendar days from one ISO date to another, negative when `to` is earlier. Throws on a date that is not real. */
export function daysBetween(from: string, to: string): number {
  return requireDay(to, 'to') - requireDay(from, 'from');
}

/**
 * `months` calendar months after `date` (before it when negative), on the same day of the month, or on the
 * month's last day when it has fewer days (31 August + 6 months = 28 or 29 February).
 */
export function addMonths(date: string, months: number): string {
  requireDay(date);
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The earliest of some ISO dates, ignoring the absent ones; null when none is given. */
export const earliestDate = (...dates: (string | null)[]): string | null => dates.filter((d): d is string => d !== null).sort()[0] ?? null;

/** The same calendar day a year earlier; 29 February falls back to 28 February. */
export function oneYearBefore(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const FORMATS = new Map<string, Intl.DateTimeFormat>();

/** Each zone's last answer, for the UTC minute it was asked in. */
const LAST_DAY = new Map<string, { minute: number; day: string }>();

/**
 * The calendar date at an instant in a time zone: a school's "today" when given the Clock's now and the
 * school's zone (a change recorded at 00:30 in London in summer belongs to that London day, not UTC's).
 *
 * Every zone's offset from UTC is a whole number of minutes today, so its date cannot change within a UTC
 * minute: the last answer for the same zone and minute is given again (the register page asks on every
 * request, and formatting the date was 1% of the API's CPU there, docs/performance.md).
 */
export function dateInZone(at: Date, timeZone: string): string {
  const minute = Math.floor(at.getTime() / 60_000);
  const last = LAST_DAY.get(timeZone);
  if (last?.minute === minute) return last.day;
  let format = FORMATS.get(timeZone);
  if (!format) {
    // Making a DateTimeFormat costs far more than using one (it was 3% of the API's CPU per request).
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (FORMATS.size < 64) FORMATS.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  if (FORMATS.has(timeZone)) LAST_DAY.set(timeZone, { minute, day });
  return day;
}

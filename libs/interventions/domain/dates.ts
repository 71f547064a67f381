/**
 * Wall-clock helpers for the timetable. Internal to the domain (not re-exported): the names are generic enough
 * to clash with other libraries' barrels. Plain dates live in libs/core/time.
 */

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

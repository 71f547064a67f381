import { DAY_MS, dayNumber } from '#libs/core';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The day number of an ISO date or of a timestamp's date part, null if not a real date. */
const dayOf = (iso: string): number | null => {
  const text = iso.trim();
  return dayNumber(/^\d{4}-\d{2}-\d{2}T/.test(text) ? text.slice(0, 10) : text);
};

/**
 * "3 March 2026" from "2026-03-03", read as a calendar date (no time zone can move it a day).
 * Anything that is not a real date is returned as it was, so it is still shown.
 */
export function formatDate(iso: string): string {
  const day = dayOf(iso);
  if (day === null) return iso;
  const d = new Date(day * DAY_MS);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * "3 March 2026 at 14:05", in England's time (the reports are made for schools in England).
 * Anything that is not a timestamp is returned as it was.
 */
export function formatTimestamp(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${Number(part('day'))} ${MONTHS[Number(part('month')) - 1]} ${part('year')} at ${part('hour')}:${part('minute')}`;
}

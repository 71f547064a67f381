import { DAY_MS, requireDay } from '#libs/core';
import { requireMinuteOfDay } from './dates.js';

/** One session in a member of staff's calendar feed. `date` and `startTime` are local to the feed's zone. */
export interface IcsEvent {
  /** Stable across renders (e.g. the session id with a domain), so calendar apps update rather than duplicate. */
  uid: string;
  date: string;
  startTime: string;
  minutes: number;
  summary: string;
  description: string | null;
  location: string | null;
  cancelled: boolean;
  lastModified: Date;
}

export interface IcsFeed {
  name: string;
  /** IANA zone of the school, e.g. 'Europe/London'. */
  timeZone: string;
  events: IcsEvent[];
}

export const ICS_PRODID = '-//SEN Manager//Interventions//EN';

const MINUTE_MS = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what we want: a wrong zone must not silently mean UTC.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in milliseconds (BST: +3 600 000). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which a wall-clock date and time happen in `timeZone`, using Intl only (the zone data
 * ships with Node). A zone changes its offset at most once within a day either side, so the answer is the
 * wall time minus the offset from just before or just after. Like Temporal's 'compatible' disambiguation:
 * a time repeated when the clocks go back is the earlier instant, a time skipped when they go forward moves
 * later by the gap (01:30 on the last Sunday of March in London becomes 02:30 BST). School sessions never
 * fall in those hours; the rule is there so the function is total.
 */
export function localToUtc(date: string, time: string, timeZone: string): Date {
  const wall = requireDay(date, 'date') * DAY_MS + requireMinuteOfDay(time, 'time') * MINUTE_MS;
  const before = wall - offsetAt(wall - DAY_MS, timeZone);
  const after = wall - offsetAt(wall + DAY_MS, timeZone);
  const valid = [before, after].filter((t) => t + offsetAt(t, timeZone) === wall);
  return new Date(valid.length > 0 ? Math.min(...valid) : before);
}

/** RFC 5545 3.3.5 form-2 date-time, UTC: 20260330T080000Z. */
const utcStamp = (d: Date) =>
  d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');

/**
 * RFC 5545 3.3.11 TEXT: backslash, semicolon and comma are escaped and a line break becomes \n. Other
 * control characters are not allowed in TEXT at all (3.1), so they are dropped rather than corrupt the feed.
 */
export function escapeText(text: string): string {
  return (
    text
      .replace(/\r\n|\r|\n/g, '\n')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point: iCalendar text may not hold them
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
      .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))
  );
}

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * RFC 5545 3.1: a content line longer than 75 octets is folded with CRLF and a space, the space counting
 * towards the next line's 75. Octets, not characters: iterating by code point keeps every UTF-8 sequence
 * (and every surrogate pair) whole on one line.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0)!);
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/**
 * A VCALENDAR of the feed's events (RFC 5545), every line folded and ended with CRLF. Times are written in
 * UTC, converted from the school's zone per event, so no VTIMEZONE is needed and every client agrees.
 *
 * DTSTAMP is the event's lastModified, not the time of rendering: the same data renders to the same bytes
 * (cache-friendly), and clients ordering revisions of one UID by SEQUENCE then DTSTAMP (RFC 5546 2.1.5)
 * still see each change as newer. So SEQUENCE stays 0: there is no stored revision count, and a published,
 * subscribed feed is re-read whole on every refresh anyway.
 */
export function renderIcs(feed: IcsFeed): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(feed.name)}`,
    `X-WR-CALNAME:${escapeText(feed.name)}`,
    `X-WR-TIMEZONE:${feed.timeZone}`,
    // Hints for subscribing clients (RFC 7986 and its common predecessor); many refresh less often anyway.
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
  ];
  for (const event of feed.events) {
    if (!Number.isInteger(event.minutes) || event.minutes < 1) {
      throw new RangeError(`event ${event.uid} lasts ${event.minutes} minutes; a session lasts a whole number of minutes, at least 1`);
    }
    const start = localToUtc(event.date, event.startTime, feed.timeZone);
    // Elapsed minutes, so a session is as long as it says even on the night the clocks change.
    const end = new Date(start.getTime() + event.minutes * MINUTE_MS);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${utcStamp(event.lastModified)}`,
      `LAST-MODIFIED:${utcStamp(event.lastModified)}`,
      `DTSTART:${utcStamp(start)}`,
      `DTEND:${utcStamp(end)}`,
      `SUMMARY:${escapeText(event.summary)}`,
    );
    if (event.description !== null && event.description !== '') lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.location !== null && event.location !== '') lines.push(`LOCATION:${escapeText(event.location)}`);
    lines.push(`STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'SEQUENCE:0', 'TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map((line) => `${foldLine(line)}\r\n`).join('');
}

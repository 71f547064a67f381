import ICAL from 'ical.js';
import { type IcsEvent, type IcsFeed, escapeText, foldLine, localToUtc, renderIcs } from './ical.js';

const LONDON = 'Europe/London';
const MODIFIED = new Date('2026-01-05T16:20:31.456Z');

const event = (overrides: Partial<IcsEvent>): IcsEvent => ({
  uid: 'session-1@sen-manager',
  date: '2026-01-12',
  startTime: '09:00',
  minutes: 30,
  summary: 'Catch Up Literacy',
  description: null,
  location: null,
  cancelled: false,
  lastModified: MODIFIED,
  ...overrides,
});

/** The feed parsed back by an independent implementation: the test of the output is that ical.js reads it. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const e = new ICAL.Event(vevent);
    return {
      uid: e.uid,
      start: e.startDate.toString(),
      end: e.endDate.toString(),
      startZone: e.startDate.zone?.tzid,
      summary: e.summary,
      description: e.description,
      location: e.location,
      status: vevent.getFirstPropertyValue('status'),
      sequence: e.sequence,
      stamp: String(vevent.getFirstPropertyValue('dtstamp')),
      modified: String(vevent.getFirstPropertyValue('last-modified')),
    };
  });
  return { calendar, events };
}

describe('localToUtc', () => {
  it.each([
    ['2026-01-12', '09:00', '2026-01-12T09:00:00.000Z'], // GMT
    ['2026-03-27', '09:00', '2026-03-27T09:00:00.000Z'], // the Friday before the clocks go forward
    ['2026-03-30', '09:00', '2026-03-30T08:00:00.000Z'], // BST from Sunday 29 March 2026
    ['2026-03-29', '09:00', '2026-03-29T08:00:00.000Z'], // the Sunday itself, hours after the change
    ['2026-10-23', '15:30', '2026-10-23T14:30:00.000Z'],
    ['2026-10-25', '09:00', '2026-10-25T09:00:00.000Z'], // the Sunday the clocks go back
    ['2026-10-26', '15:30', '2026-10-26T15:30:00.000Z'], // GMT again from Sunday 25 October 2026
    ['2026-06-30', '23:30', '2026-06-30T22:30:00.000Z'],
    ['2026-07-01', '00:15', '2026-06-30T23:15:00.000Z'], // the UTC date is the day before
  ])('%s %s in London is %s', (date, time, utc) => {
    expect(localToUtc(date, time, LONDON).toISOString()).toBe(utc);
  });

  it('takes the earlier of a repeated time and moves a skipped time forward, like Temporal', () => {
    expect(localToUtc('2026-10-25', '01:30', LONDON).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 01:30 BST
    expect(localToUtc('2026-03-29', '01:30', LONDON).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // = 02:30 BST
  });

  it('works for other zones and refuses unknown ones', () => {
    expect(localToUtc('2026-07-01', '09:00', 'America/New_York').toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(localToUtc('2026-07-01', '09:00', 'Asia/Kolkata').toISOString()).toBe('2026-07-01T03:30:00.000Z');
    expect(localToUtc('2026-07-01', '09:00', 'UTC').toISOString()).toBe('2026-07-01T09:00:00.000Z');
    expect(() => localToUtc('2026-07-01', '09:00', 'Europe/Narnia')).toThrow(RangeError);
    expect(() => localToUtc('2026-02-30', '09:00', LONDON)).toThrow(RangeError);
  });
});

describe('renderIcs', () => {
  const feed: IcsFeed = {
    name: 'Interventions: Ms Smith, Oak Primary',
    timeZone: LONDON,
    events: [
      event({ uid: 'a@sen-manager', date: '2026-03-27', startTime: '09:00', minutes: 30 }),
      event({ uid: 'b@sen-manager', date: '2026-03-30', startTime: '09:00', minutes: 45, location: 'Room 4', description: 'Group A' }),
      event({ uid: 'c@sen-manager', date: '2026-10-26', startTime: '13:15', minutes: 20, cancelled: true }),
    ],
  };
  const ics = renderIcs(feed);

  it('writes a calendar ical.js reads back, with each UID and a UTC start and end across the clock change', () => {
    const { calendar, events } = parse(ics);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//SEN Manager//Interventions//EN');
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/London');
    // ical.js leaves an unknown X- property's value as written.
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Interventions: Ms Smith\\, Oak Primary');
    expect(events.map((e) => [e.uid, e.start, e.end, e.startZone])).toEqual([
      ['a@sen-manager', '2026-03-27T09:00:00Z', '2026-03-27T09:30:00Z', 'UTC'],
      ['b@sen-manager', '2026-03-30T08:00:00Z', '2026-03-30T08:45:00Z', 'UTC'],
      ['c@sen-manager', '2026-10-26T13:15:00Z', '2026-10-26T13:35:00Z', 'UTC'],
    ]);
    expect(ics).toContain('\r\nDTSTART:20260330T080000Z\r\nDTEND:20260330T084500Z\r\n');
  });

  it('marks cancelled sessions and confirms the rest', () => {
    const { events } = parse(ics);
    expect(events.map((e) => e.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CANCELLED']);
    expect(events.map((e) => e.sequence)).toEqual([0, 0, 0]);
  });

  it('stamps each event with its last change, to the second, so the same data renders the same bytes', () => {
    const { events } = parse(ics);
    expect(events[0]!.stamp).toBe('2026-01-05T16:20:31Z');
    expect(events[0]!.modified).toBe('2026-01-05T16:20:31Z');
    expect(renderIcs(feed)).toBe(ics);
  });

  it('writes DESCRIPTION and LOCATION only when there is one', () => {
    const { events } = parse(ics);
    expect(events.map((e) => [e.description, e.location])).toEqual([
      [null, null],
      ['Group A', 'Room 4'],
      [null, null],
    ]);
    expect(ics.match(/^DESCRIPTION:/gm)).toHaveLength(1);
    expect(ics.match(/^LOCATION:/gm)).toHaveLength(1);
  });

  it('escapes commas, semicolons, backslashes and line breaks in text', () => {
    const tricky = 'Year 3, Group B; see C:\\notes\\plan\r\nBring: cards\nand timer\r';
    const out = renderIcs({ ...feed, events: [event({ summary: tricky, description: tricky, location: 'Hall; stage, left' })] });
    expect(out).toContain('SUMMARY:Year 3\\, Group B\\; see C:\\\\notes\\\\plan\\nBring: cards\\nand timer\\n\r\n');
    const [parsed] = parse(out).events;
    const expected = 'Year 3, Group B; see C:\\notes\\plan\nBring: cards\nand timer\n';
    expect(parsed!.summary).toBe(expected);
    expect(parsed!.description).toBe(expected);
    expect(parsed!.location).toBe('Hall; stage, left');
  });

  it('drops control characters TEXT may not contain', () => {
    expect(escapeText('a\u0000b\u0007c\td\u007f')).toBe('abc\td');
  });

  it('ends every line with CRLF and folds at 75 octets without splitting a UTF-8 character', () => {
    const summary = `ELSA with Łukasiewicz – 😀 ${'Łukasiewicz – 😀 '.repeat(12)}end`;
    const out = renderIcs({ ...feed, events: [event({ summary, description: 'x'.repeat(200) })] });
    expect(out.endsWith('\r\n')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = out.slice(0, -2).split('\r\n');
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const line of lines) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toMatch(loneSurrogate);
      // Every physical line is valid UTF-8 on its own.
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(line, 'utf8'))).not.toThrow();
    }
    const summaryLines = lines.slice(lines.findIndex((l) => l.startsWith('SUMMARY:')));
    expect(summaryLines[1]!.startsWith(' ')).toBe(true);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(5);
    expect(parse(out).events[0]!.summary).toBe(summary);
    expect(parse(out).events[0]!.description).toBe('x'.repeat(200));
  });

  it('folds exactly at 75 octets, the continuation space counting', () => {
    expect(foldLine('a'.repeat(75))).toBe('a'.repeat(75));
    expect(foldLine('a'.repeat(76))).toBe(`${'a'.repeat(75)}\r\n a`);
    expect(foldLine('a'.repeat(75 + 74 + 1))).toBe(`${'a'.repeat(75)}\r\n ${'a'.repeat(74)}\r\n a`);
    // 'Ł' is 2 octets: 74 + 2 would be 76, so it moves whole to the next line.
    expect(foldLine(`${'a'.repeat(74)}Ł`)).toBe(`${'a'.repeat(74)}\r\n Ł`);
    // '😀' is 4 octets and 2 UTF-16 units: never cut between them.
    expect(foldLine(`${'a'.repeat(73)}😀`)).toBe(`${'a'.repeat(73)}\r\n 😀`);
    expect(foldLine(`${'a'.repeat(71)}😀`)).toBe(`${'a'.repeat(71)}😀`);
  });

  it('writes an empty calendar when there are no sessions', () => {
    const out = renderIcs({ ...feed, events: [] });
    expect(parse(out).events).toEqual([]);
    expect(out.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(out.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('refuses an event that is not a session', () => {
    expect(() => renderIcs({ ...feed, events: [event({ minutes: 0 })] })).toThrow(RangeError);
    expect(() => renderIcs({ ...feed, events: [event({ startTime: '9am' })] })).toThrow(RangeError);
  });
});

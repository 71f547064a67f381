import { formatDate } from '#libs/documents';
import type { Branding, Greeting } from './message.types.js';

/*
 * The building blocks of every message: plain-text blocks (the text and HTML bodies are both drawn from them,
 * so they say the same thing), cleaning of input values, and the parts several letters share.
 */

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'para'; lines: string[] }
  | { kind: 'list'; items: Item[] }
  /** A label and a URL; the URL goes on its own line in the text body. */
  | { kind: 'link'; label: string; url: string };

/** One list entry: its lines, and optionally a URL after them (own line in text, a link in HTML). */
export interface Item {
  lines: string[];
  url?: string;
}

export interface Message {
  subject: string;
  blocks: Block[];
  /** Parents get the school's signature; staff reminders say they were sent automatically; account emails say who sent them. */
  signOff: 'signature' | 'automatic' | 'account';
}

export const TEXT_WIDTH = 78;
export const MAX_TARGETS = 10;

// ---------------------------------------------------------------------------------------------------------
// Cleaning input values

/** Control characters (not tab or line breaks) and the bidirectional marks that can disguise text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are stripped from messages
export const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** One line: hidden characters dropped, all runs of white space (line breaks too) as one space. */
export function line(value: string | null | undefined): string {
  return (value ?? '').replace(HIDDEN, '').replace(/\s+/g, ' ').trim();
}

/** Free text that may have line breaks: its non-empty lines, each cleaned as `line`. */
export function lines(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map(line)
    .filter((l) => l !== '');
}

/** A URL may be a link only when it is a well-formed http(s) URL with no spaces or quotes in it. */
export function isWebUrl(url: string, httpsOnly = false): boolean {
  if (!(httpsOnly ? /^https:\/\/[^\s"'<>`]+$/i : /^https?:\/\/[^\s"'<>`]+$/i).test(url)) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || (!httpsOnly && parsed.protocol === 'http:')) && parsed.hostname !== '';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Words

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A whole number of days that can be said, else null (a bad count is left out rather than shown wrong). */
export const dayCount = (n: number): number | null => (Number.isFinite(n) && n >= 0 ? Math.round(n) : null);

/** "today", "tomorrow", "in 7 days"; null when the count cannot be said. */
export function inDays(n: number): string | null {
  const days = dayCount(n);
  if (days === null) return null;
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `in ${plural(days, 'day')}`;
}

export const date = (iso: string | null | undefined) => formatDate(line(iso));

export interface Pupil {
  /** The first name, or "your child" when none is held (parents' messages). */
  first: string;
  /** First and last name, or "the pupil" (staff messages). */
  full: string;
}

export function pupilOf(g: Greeting): Pupil {
  const first = line(g.pupilFirstName);
  const full = line(`${line(g.pupilFirstName)} ${line(g.pupilLastName)}`);
  return { first: first || 'your child', full: full || 'the pupil' };
}

/** A paragraph of sentences; empty parts are left out and the first letter is a capital. */
export const para = (...text: string[]): Block => ({ kind: 'para', lines: [capitalise(text.filter((t) => t !== '').join(' '))] });
export const heading = (text: string): Block => ({ kind: 'heading', text: capitalise(text) });
export const list = (items: (string | Item)[]): Block => ({
  kind: 'list',
  items: items.map((i) => (typeof i === 'string' ? { lines: [i] } : i)),
});
/** A link block, or nothing when no URL was given. */
export const link = (label: string, url: string): Block[] => {
  const u = line(url);
  return u === '' ? [] : [{ kind: 'link', label, url: u }];
};

// ---------------------------------------------------------------------------------------------------------
// Shared parts

export const SENCO_MEANS = 'The SENCO is the teacher who organises extra help for children with special educational needs.';
export const SENDIASS_FULL = 'SEND Information, Advice and Support Service (SENDIASS)';

/**
 * Who the SENCO is and how to reach them; the school office when no way to reach them is set.
 * `formal`: the notice explains what a SENCO is; the other messages only name them.
 */
export function sencoContact(b: Branding, formal: boolean): Block[] {
  const name = line(b.senco.name);
  const email = line(b.senco.email);
  const phone = line(b.senco.phone);
  const school = line(b.schoolName);
  const blocks: Block[] = formal
    ? [para(SENCO_MEANS, name ? `The SENCO is ${name}.` : '')]
    : [para(`If you have any questions, please talk to the SENCO${name ? `, ${name}` : ''}.`)];
  if (email || phone) {
    blocks.push(para('You can contact the SENCO by:'));
    const ways: string[] = [];
    if (email) ways.push(`Email: ${email}`);
    if (phone) ways.push(`Phone: ${phone}`);
    blocks.push(list(ways));
  } else {
    blocks.push(para(`To contact the SENCO, please contact the school office${school ? ` at ${school}` : ''}.`));
  }
  return blocks;
}

/** The local SENDIASS when the school set it; the general wording and the Local Offer always. */
export function sendiassAdvice(b: Branding): Block[] {
  const name = line(b.sendiass.name);
  const phone = line(b.sendiass.phone);
  const url = line(b.sendiass.url);
  const blocks: Block[] = [];
  if (name) {
    blocks.push(para(`You can get free advice that does not come from the school from ${name}.`, `It is your local ${SENDIASS_FULL}.`));
  } else {
    blocks.push(para(`You can get free advice that does not come from the school from your local ${SENDIASS_FULL}.`));
  }
  blocks.push(para('SEND means special educational needs and disabilities. The advice is free, private and independent.'));
  const ways: Item[] = [];
  if (phone) ways.push({ lines: [`Phone: ${phone}`] });
  if (url) ways.push({ lines: ['Website:'], url });
  if (ways.length > 0) blocks.push({ kind: 'list', items: ways });
  blocks.push(
    para(
      "Your local council's Local Offer also lists help and services for children with SEND in your area.",
      `To find it, search online for your council's name and "Local Offer".`,
    ),
  );
  return blocks;
}

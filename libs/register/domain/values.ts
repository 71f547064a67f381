/** Parsers for the plain values found in MIS exports and forms. Each returns null for a blank input. */
import { isIsoDate } from '#libs/core';

/** Quotes user input in a message, capped so a pasted paragraph does not swamp it. */
export const quoteInput = (raw: string) => `'${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}'`;

const isoOf = (y: number, m: number, d: number): string | null => {
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
};

/**
 * ISO yyyy-mm-dd, or UK day-first dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy). Never month-first:
 * English MIS exports are day-first. Two-digit years are refused as ambiguous for dates of birth.
 */
export function parseDate(raw: string): string | null {
  const text = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(text);
  if (m) return isoOf(Number(m[4]), Number(m[3]), Number(m[1]));
  return null;
}

const TRUE_WORDS = new Set(['y', 'yes', 'true', 't', '1']);
const FALSE_WORDS = new Set(['n', 'no', 'false', 'f', '0']);

export function parseBoolean(raw: string): boolean | null | 'invalid' {
  const text = raw.trim().toLowerCase();
  if (text === '') return null;
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return 'invalid';
}

/** The school census records gender as M or F only. */
export function parseGender(raw: string): 'M' | 'F' | null | 'invalid' {
  const text = raw.trim().toLowerCase();
  if (text === '') return null;
  if (['m', 'male', 'boy'].includes(text)) return 'M';
  if (['f', 'female', 'girl'].includes(text)) return 'F';
  return 'invalid';
}

export const CONTACT_CHANNELS = ['email', 'sms', 'phone', 'post'] as const;
export type Channel = (typeof CONTACT_CHANNELS)[number];

const CHANNEL_WORDS: Record<string, Channel> = {
  email: 'email',
  'e-mail': 'email',
  'e mail': 'email',
  sms: 'sms',
  text: 'sms',
  'text message': 'sms',
  txt: 'sms',
  phone: 'phone',
  telephone: 'phone',
  tel: 'phone',
  call: 'phone',
  'phone call': 'phone',
  post: 'post',
  letter: 'post',
  postal: 'post',
};

export function parseChannel(raw: string): Channel | null | 'invalid' {
  const text = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '') return null;
  return CHANNEL_WORDS[text] ?? 'invalid';
}

export const RELATIONSHIPS = [
  'mother',
  'father',
  'parent',
  'step_parent',
  'carer',
  'foster_carer',
  'guardian',
  'grandparent',
  'sibling',
  'social_worker',
  'other',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

const RELATIONSHIP_WORDS: Record<string, Relationship> = {
  mother: 'mother',
  mum: 'mother',
  mom: 'mother',
  mummy: 'mother',
  'birth mother': 'mother',
  father: 'father',
  dad: 'father',
  daddy: 'father',
  'birth father': 'father',
  parent: 'parent',
  'birth parent': 'parent',
  'step parent': 'step_parent',
  stepparent: 'step_parent',
  'step mother': 'step_parent',
  stepmother: 'step_parent',
  'step father': 'step_parent',
  stepfather: 'step_parent',
  'step mum': 'step_parent',
  'step dad': 'step_parent',
  stepmum: 'step_parent',
  stepdad: 'step_parent',
  carer: 'carer',
  'male carer': 'carer',
  'female carer': 'carer',
  'foster carer': 'foster_carer',
  'foster parent': 'foster_carer',
  'foster mother': 'foster_carer',
  'foster father': 'foster_carer',
  guardian: 'guardian',
  'legal guardian': 'guardian',
  'special guardian': 'guardian',
  grandparent: 'grandparent',
  grandmother: 'grandparent',
  grandfather: 'grandparent',
  grandma: 'grandparent',
  grandad: 'grandparent',
  granddad: 'grandparent',
  grandpa: 'grandparent',
  nan: 'grandparent',
  nana: 'grandparent',
  gran: 'grandparent',
  sibling: 'sibling',
  brother: 'sibling',
  sister: 'sibling',
  'half brother': 'sibling',
  'half sister': 'sibling',
  'step brother': 'sibling',
  'step sister': 'sibling',
  'social worker': 'social_worker',
};

/**
 * Maps the common words; anything else that is not blank becomes 'other'. Decision: MIS relationship
 * lists are open-ended ("Aunt", "Family friend", "Childminder"), so refusing unknown words would block
 * imports over a label, while the legally significant fact — parental responsibility — is a column of its
 * own. Blank gives null so the caller can choose its default.
 */
export function parseRelationship(raw: string): Relationship | null {
  const text = raw.trim().toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ');
  if (text === '') return null;
  return RELATIONSHIP_WORDS[text] ?? 'other';
}

/** A shape check only: something@domain.tld with no spaces. Deliverability is proven by sending. */
export function isPlausibleEmail(raw: string): boolean {
  const text = raw.trim();
  return text.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(text);
}

/** Digits with the usual separators; 7–15 digits (E.164's maximum) also admits parents' numbers abroad. */
export function isPlausiblePhone(raw: string): boolean {
  const text = raw.trim();
  if (!/^\+?[\d\s().-]+$/.test(text)) return false;
  const digits = text.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

/** UK mobile numbers (07… or +44 7…) can take SMS; landlines cannot. */
export function isUkMobile(raw: string): boolean {
  const digits = raw.replace(/\D/g, '');
  return /^(?:07\d{9}|447\d{9})$/.test(digits);
}

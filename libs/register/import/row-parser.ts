import type { FieldError } from '#libs/core';
import { validateUpn } from '../domain/upn.js';
import { checkDateOfBirth, parseYearGroup, type YearGroup } from '../domain/year-groups.js';
import { checkNeedsForStatus, parseNeedCode, parseSenStatus, type NeedCode, type SenStatus } from '../domain/needs.js';
import {
  isPlausibleEmail,
  isPlausiblePhone,
  isUkMobile,
  parseBoolean,
  parseChannel,
  parseGender,
  parseRelationship,
  quoteInput,
  type Channel,
  type Relationship,
} from '../domain/values.js';
import { RowCells } from './cells.js';
import type { ContactField, ImportMapping } from './mappings.js';
import { splitFullName, type SurnamePosition } from './names.js';

export interface ImportContact {
  firstName: string;
  lastName: string;
  relationship: Relationship;
  parentalResponsibility: boolean;
  /** Has care of the pupil (lives with them); blank means a foster carer does and anyone else does not. */
  hasCare: boolean;
  email: string | null;
  phone: string | null;
  preferredChannel: Channel;
}

export interface ImportSen {
  status: SenStatus;
  primaryNeed: NeedCode | null;
  secondaryNeed: NeedCode | null;
  startDate: string | null;
  ehcPlanDate: string | null;
}

/** For flags and optional fields, null means "column absent or blank: leave unchanged". */
export interface ImportRow {
  upn: string;
  legalFirstName: string;
  legalLastName: string;
  preferredFirstName: string | null;
  preferredLastName: string | null;
  dateOfBirth: string;
  yearGroup: YearGroup;
  className: string | null;
  gender: 'M' | 'F' | null;
  fsm: boolean | null;
  eal: boolean | null;
  lookedAfter: boolean | null;
  admissionDate: string | null;
  leavingDate: string | null;
  /** null when the file has no SEN status column. */
  sen: ImportSen | null;
  contacts: ImportContact[];
}

/** `warnings` are things the SENCO should complete later; they do not stop the row. */
export type ParsedImportRow = { ok: true; row: ImportRow; warnings: FieldError[] } | { ok: false; errors: FieldError[] };

const NAME_MAX = 100;
const CLASS_MAX = 32;

/**
 * Parses one CSV record (keyed by header) through a mapping, reporting every problem in the row with the
 * column header as its field. `today` is ISO yyyy-mm-dd.
 */
export function parseImportRow(record: Record<string, string>, mapping: ImportMapping, today: string): ParsedImportRow {
  const cells = new RowCells(record);
  const p = mapping.pupil;

  let upn: string | null = null;
  const rawUpn = cells.get(p.upn) ?? '';
  if (rawUpn === '') cells.fail(p.upn, 'UPN', 'is blank but required');
  else {
    const result = validateUpn(rawUpn);
    if (result.ok) upn = result.upn;
    else cells.fail(p.upn, 'UPN', result.message);
  }

  const { firstName: legalFirstName, lastName: legalLastName } = readName(
    cells,
    { first: p.legalFirstName, last: p.legalLastName, full: p.legalFullName },
    'legal',
    mapping.surnamePosition,
  );
  const preferredFirstName = cells.text(p.preferredFirstName, 'preferred first name', { max: NAME_MAX });
  const preferredLastName = cells.text(p.preferredLastName, 'preferred last name', { max: NAME_MAX });

  let yearGroup: YearGroup | null = null;
  const rawYear = cells.get(p.yearGroup) ?? '';
  if (rawYear === '') cells.fail(p.yearGroup, 'year group', 'is blank but required');
  else {
    yearGroup = parseYearGroup(rawYear);
    if (!yearGroup) cells.fail(p.yearGroup, 'year group', `${quoteInput(rawYear)} is not a year group; use N1, N2, R or 1 to 13`);
  }

  const dateOfBirth = cells.date(p.dateOfBirth, 'date of birth', { required: true, notAfter: today });
  if (dateOfBirth && yearGroup) {
    const problem = checkDateOfBirth(dateOfBirth, yearGroup, today);
    if (problem) cells.fail(p.dateOfBirth, 'date of birth', problem);
  }

  const className = cells.text(p.className, 'class', { max: CLASS_MAX });
  const rawGender = cells.get(p.gender) ?? '';
  let gender = parseGender(rawGender);
  if (gender === 'invalid') {
    // The school census records gender as M or F only.
    cells.fail(p.gender, 'gender', `${quoteInput(rawGender)} is not a gender the school census records; use M or F`);
    gender = null;
  }
  const fsm = cells.flag(p.fsm, 'FSM');
  const eal = cells.flag(p.eal, 'EAL');
  const lookedAfter = cells.flag(p.lookedAfter, 'looked after');

  const admissionDate = cells.date(p.admissionDate, 'admission date', { notAfter: today });
  const leavingDate = cells.date(p.leavingDate, 'leaving date');
  if (admissionDate && leavingDate && leavingDate < admissionDate) {
    cells.fail(p.leavingDate, 'leaving date', `${leavingDate} is before the admission date ${admissionDate}`);
  }

  const warnings: FieldError[] = [];
  const sen = parseSen(cells, mapping, today, warnings);
  const contacts = mapping.contacts.flatMap((group, i) => parseContact(cells, group, i + 1, mapping.surnamePosition) ?? []);

  if (cells.errors.length > 0) return { ok: false, errors: cells.errors };
  return {
    ok: true,
    warnings,
    row: {
      upn: upn!,
      legalFirstName: legalFirstName!,
      legalLastName: legalLastName!,
      preferredFirstName,
      preferredLastName,
      dateOfBirth: dateOfBirth!,
      yearGroup: yearGroup!,
      className,
      gender,
      fsm,
      eal,
      lookedAfter,
      admissionDate,
      leavingDate,
      sen,
      contacts,
    },
  };
}

function parseNeed(cells: RowCells, header: string | undefined, fallback: string): NeedCode | null | 'invalid' {
  const raw = cells.get(header) ?? '';
  if (raw === '') return null;
  const result = parseNeedCode(raw);
  if (result.ok) return result.code;
  cells.fail(header, fallback, result.message);
  return 'invalid';
}

function parseSen(cells: RowCells, mapping: ImportMapping, today: string, warnings: FieldError[]): ImportSen | null {
  const p = mapping.pupil;
  const rawStatus = cells.get(p.senStatus);
  if (rawStatus === undefined) return null;
  const statusName = cells.name(p.senStatus, 'SEN status');

  const parsed = parseSenStatus(rawStatus);
  if (!parsed.ok) cells.fail(p.senStatus, statusName, parsed.message);
  const primaryNeed = parseNeed(cells, p.primaryNeed, 'primary need');
  const secondaryNeed = parseNeed(cells, p.secondaryNeed, 'secondary need');
  const startDate = cells.date(p.senStartDate, 'SEN start date', { notAfter: today });
  const ehcPlanDate = cells.date(p.ehcPlanDate, 'EHC plan date');
  if (!parsed.ok) return null;
  const status = parsed.status;

  // A need column with an unknown code already has its error; rules need both needs known.
  if (primaryNeed !== 'invalid' && secondaryNeed !== 'invalid') {
    const headers = { primaryNeed: p.primaryNeed, secondaryNeed: p.secondaryNeed };
    for (const error of checkNeedsForStatus(status, primaryNeed, secondaryNeed)) {
      const header = headers[error.field as keyof typeof headers];
      cells.fail(header, statusName, error.message);
    }
  }
  const rawPlanDate = cells.get(p.ehcPlanDate) ?? '';
  if (status === 'E' && rawPlanDate === '') {
    // Partial knowledge is not an error: the pupil is imported with the date recorded as unknown (never
    // invented) and the register flags it for the SENCO to complete.
    warnings.push({
      field: cells.name(p.ehcPlanDate, 'EHC plan date'),
      message: 'the EHC plan date is not given: it is recorded as unknown; add it on the pupil’s page',
    });
  }
  if (status !== 'E' && rawPlanDate !== '') {
    // Contradictory data most often means a mistyped status, and a missed E loses annual-review tracking.
    cells.fail(p.ehcPlanDate, statusName, 'is given but the SEN status is not E (EHC plan); record status E or clear the date');
  }
  const need = (code: NeedCode | null | 'invalid') => (code === 'invalid' ? null : code);
  return { status, primaryNeed: need(primaryNeed), secondaryNeed: need(secondaryNeed), startDate, ehcPlanDate };
}

/**
 * When the column is blank, parental responsibility defaults to true only for relationships that usually
 * carry it: a mother always, a father married to the mother or on the birth certificate, an appointed
 * guardian (Children Act 1989 ss.2–5); 'parent' is taken the same way. Step-parents, grandparents, carers and
 * foster carers have it only by court order or agreement, so they default to false; the school can correct it.
 */
const USUALLY_HAS_PR: ReadonlySet<Relationship> = new Set(['mother', 'father', 'parent', 'guardian']);

/**
 * A name from separate forename and surname columns, or split from one full-name column when the mapping
 * has that instead (separate columns win when both are mapped and filled).
 */
function readName(cells: RowCells, headers: { first?: string; last?: string; full?: string }, what: string, surname?: SurnamePosition) {
  const label = (part: string) => `${what} ${part}`;
  const full = cells.get(headers.full) ?? '';
  const separate = (cells.get(headers.first) ?? '') !== '' || (cells.get(headers.last) ?? '') !== '';
  if (headers.full === undefined || (separate && headers.first !== undefined && headers.last !== undefined)) {
    return {
      firstName: cells.text(headers.first, label('first name'), { required: true, max: NAME_MAX }),
      lastName: cells.text(headers.last, label('last name'), { required: true, max: NAME_MAX }),
    };
  }
  if (full === '') {
    cells.fail(headers.full, label('name'), 'is blank but required');
    return { firstName: null, lastName: null };
  }
  const split = splitFullName(full, surname);
  if (!split.ok) {
    cells.fail(headers.full, label('name'), split.message);
    return { firstName: null, lastName: null };
  }
  if (split.firstName.length > NAME_MAX || split.lastName.length > NAME_MAX) {
    cells.fail(headers.full, label('name'), `has a name part longer than ${NAME_MAX} characters`);
    return { firstName: null, lastName: null };
  }
  return split;
}

function parseContact(cells: RowCells, group: Partial<Record<ContactField, string>>, n: number, surname?: SurnamePosition): ImportContact | null {
  const values = Object.values(group).map((header) => cells.get(header) ?? '');
  if (values.every((value) => value === '')) return null; // an empty contact slot
  const label = (what: string) => `contact ${n} ${what}`;

  const { firstName, lastName } = readName(cells, { first: group.firstName, last: group.lastName, full: group.fullName }, `contact ${n}`, surname);
  const relationship = parseRelationship(cells.get(group.relationship) ?? '') ?? 'other';

  const rawPr = cells.get(group.parentalResponsibility) ?? '';
  let parentalResponsibility = parseBoolean(rawPr);
  if (parentalResponsibility === 'invalid') {
    cells.fail(group.parentalResponsibility, label('parental responsibility'), `${quoteInput(rawPr)} is not yes or no; use Y or N`);
  }
  if (parentalResponsibility === null || parentalResponsibility === 'invalid') {
    parentalResponsibility = USUALLY_HAS_PR.has(relationship);
  }

  const rawCare = cells.get(group.hasCare) ?? '';
  let hasCare = parseBoolean(rawCare);
  if (hasCare === 'invalid') cells.fail(group.hasCare, label('has care'), `${quoteInput(rawCare)} is not yes or no; use Y or N`);
  // A foster carer has care of the child by definition; whoever else does, the file or the school says so.
  if (hasCare === null || hasCare === 'invalid') hasCare = relationship === 'foster_carer';

  // Contact details are personal data: messages describe them rather than repeat them.
  const email = cells.text(group.email, label('email'), { max: 254 });
  if (email !== null && !isPlausibleEmail(email)) cells.fail(group.email, label('email'), 'does not look like an email address');
  const phone = cells.text(group.phone, label('phone'), { max: 40 });
  if (phone !== null && !isPlausiblePhone(phone)) cells.fail(group.phone, label('phone'), 'does not look like a phone number');

  const rawChannel = cells.get(group.preferredChannel) ?? '';
  const channel = parseChannel(rawChannel);
  const channelName = label('preferred channel');
  let preferredChannel: Channel;
  if (channel === 'invalid') {
    cells.fail(group.preferredChannel, channelName, `${quoteInput(rawChannel)} is not a contact method; use email, SMS, phone or post`);
    preferredChannel = 'post';
  } else if (channel === null) {
    // Default: the channel the product can reach soonest with the details given.
    preferredChannel = email ? 'email' : phone ? (isUkMobile(phone) ? 'sms' : 'phone') : 'post';
  } else {
    preferredChannel = channel;
    if (channel === 'email' && !email) cells.fail(group.preferredChannel, channelName, 'is email but no email address is given');
    if ((channel === 'sms' || channel === 'phone') && !phone) {
      cells.fail(group.preferredChannel, channelName, `is ${channel === 'sms' ? 'SMS' : 'phone'} but no phone number is given`);
    }
  }
  if (firstName === null || lastName === null) return null;
  return { firstName, lastName, relationship, parentalResponsibility, hasCare, email, phone, preferredChannel };
}

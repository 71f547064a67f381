import type { FieldError } from '#libs/core';
import { normaliseHeader } from './headers.js';

export const PUPIL_FIELDS = [
  'upn', 'legalFirstName', 'legalLastName', 'preferredFirstName', 'preferredLastName', 'dateOfBirth', 'yearGroup',
  'className', 'gender', 'fsm', 'eal', 'lookedAfter', 'admissionDate', 'leavingDate', 'senStatus', 'primaryNeed',
  'secondaryNeed', 'senStartDate', 'ehcPlanDate',
] as const;
export type PupilField = (typeof PUPIL_FIELDS)[number];

export const CONTACT_FIELDS = [
  'firstName', 'lastName', 'relationship', 'parentalResponsibility', 'email', 'phone', 'preferredChannel', 'hasCare',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** How MIS exports head the "has care of the pupil" column (Education Act 1996 s.576), for matching headers. */
export const HAS_CARE_HEADERS = ['Has Care', 'Lives With', 'Lives With Pupil', 'Resides', 'Resides With Pupil', 'Carer'] as const;

export const REQUIRED_PUPIL_FIELDS = ['upn', 'legalFirstName', 'legalLastName', 'dateOfBirth', 'yearGroup'] as const satisfies readonly PupilField[];
/** SEN details mean nothing without a status to attach them to. */
const SEN_DETAIL_FIELDS = ['primaryNeed', 'secondaryNeed', 'senStartDate', 'ehcPlanDate'] as const satisfies readonly PupilField[];
export const MAX_CONTACT_GROUPS = 5;

/** Which CSV column (by header) holds each field. */
export interface ImportMapping {
  name: string;
  pupil: Partial<Record<PupilField, string>>;
  contacts: Partial<Record<ContactField, string>>[];
}

const contactGroups = (count: number, header: (n: number, field: ContactField) => string) =>
  Array.from({ length: count }, (_, i) =>
    Object.fromEntries(CONTACT_FIELDS.map((field) => [field, header(i + 1, field)])) as Record<ContactField, string>,
  );

const STANDARD_CONTACT: Record<ContactField, string> = {
  firstName: 'Forename', lastName: 'Surname', relationship: 'Relationship',
  parentalResponsibility: 'Parental Responsibility', email: 'Email', phone: 'Phone', preferredChannel: 'Preferred Channel',
  hasCare: 'Has Care',
};
const SIMS_CONTACT: Record<ContactField, string> = {
  firstName: 'Forename', lastName: 'Surname', relationship: 'Relationship',
  parentalResponsibility: 'Parental Responsibility', email: 'Email', phone: 'Telephone', preferredChannel: 'Preferred Contact Method',
  hasCare: 'Lives With',
};
const ARBOR_CONTACT: Record<ContactField, string> = {
  firstName: 'first name', lastName: 'last name', relationship: 'relationship',
  parentalResponsibility: 'parental responsibility', email: 'email', phone: 'mobile', preferredChannel: 'preferred contact method',
  hasCare: 'resides with student',
};

/**
 * Column layouts for the formats schools most often have to hand. `standard` is this product's own
 * export. `sims` and `arbor` are our own definitions modelled on typical report/export headers from
 * those MIS; they are not published by the vendors, and schools whose exports differ save a custom
 * mapping instead.
 */
export const BUILT_IN_MAPPINGS: Record<'standard' | 'sims' | 'arbor', ImportMapping> = {
  standard: {
    name: 'standard',
    pupil: {
      upn: 'UPN', legalFirstName: 'Legal Forename', legalLastName: 'Legal Surname',
      preferredFirstName: 'Preferred Forename', preferredLastName: 'Preferred Surname', dateOfBirth: 'Date of Birth',
      yearGroup: 'Year Group', className: 'Class', gender: 'Gender', fsm: 'FSM', eal: 'EAL', lookedAfter: 'Looked After',
      admissionDate: 'Admission Date', leavingDate: 'Leaving Date', senStatus: 'SEN Status', primaryNeed: 'Primary Need',
      secondaryNeed: 'Secondary Need', senStartDate: 'SEN Start Date', ehcPlanDate: 'EHC Plan Date',
    },
    contacts: contactGroups(3, (n, field) => `Contact ${n} ${STANDARD_CONTACT[field]}`),
  },
  sims: {
    name: 'sims',
    pupil: {
      upn: 'UPN', legalLastName: 'Legal Surname', legalFirstName: 'Legal Forename', preferredLastName: 'Preferred Surname',
      preferredFirstName: 'Preferred Forename', dateOfBirth: 'DOB', gender: 'Gender', yearGroup: 'Year', className: 'Reg',
      fsm: 'FSM Eligible', eal: 'EAL', lookedAfter: 'In Care', admissionDate: 'Admission Date', leavingDate: 'Leaving Date',
      senStatus: 'SEN Status', primaryNeed: 'SEN Primary Need', secondaryNeed: 'SEN Secondary Need',
      senStartDate: 'SEN Start Date', ehcPlanDate: 'EHC Plan Date',
    },
    contacts: contactGroups(3, (n, field) => `Priority ${n} Contact ${SIMS_CONTACT[field]}`),
  },
  arbor: {
    name: 'arbor',
    pupil: {
      upn: 'UPN', legalFirstName: 'Legal first name', legalLastName: 'Legal last name',
      preferredFirstName: 'Preferred first name', preferredLastName: 'Preferred last name', dateOfBirth: 'Date of birth',
      yearGroup: 'Year group', className: 'Registration form', gender: 'Gender', fsm: 'FSM eligible', eal: 'EAL',
      lookedAfter: 'Looked after', admissionDate: 'Admission date', leavingDate: 'Leaving date', senStatus: 'SEN status',
      primaryNeed: 'Primary SEN need', secondaryNeed: 'Secondary SEN need', senStartDate: 'SEN start date',
      ehcPlanDate: 'EHC plan date',
    },
    contacts: contactGroups(3, (n, field) => `Guardian ${n} ${ARBOR_CONTACT[field]}`),
  },
};

export interface ResolvedMapping {
  /** Problems that stop the import before any row is read. */
  errors: string[];
  /**
   * The mapping narrowed to columns the file has, each named with the file's own spelling of its header
   * (so row errors quote the header the user sees). Contact groups with no column in the file are dropped.
   */
  present: ImportMapping;
}

export function resolveMapping(headers: string[], mapping: ImportMapping): ResolvedMapping {
  const inFile = new Map(headers.map((header) => [normaliseHeader(header), header]));
  const find = (header: string | undefined) => (header === undefined ? undefined : inFile.get(normaliseHeader(header)));
  const errors: string[] = [];

  const pupil: Partial<Record<PupilField, string>> = {};
  for (const field of PUPIL_FIELDS) {
    const header = find(mapping.pupil[field]);
    if (header !== undefined) pupil[field] = header;
  }
  for (const field of REQUIRED_PUPIL_FIELDS) {
    if (pupil[field] !== undefined) continue;
    const header = mapping.pupil[field];
    errors.push(
      header === undefined
        ? `the mapping '${mapping.name}' does not say which column holds ${field}`
        : `the file has no '${header}' column, which is required`,
    );
  }
  if (pupil.senStatus === undefined) {
    for (const field of SEN_DETAIL_FIELDS) {
      if (pupil[field] !== undefined) {
        const status = mapping.pupil.senStatus ?? 'SEN status';
        errors.push(`the file has a '${pupil[field]}' column but no '${status}' column; SEN details can only be imported with a status`);
      }
    }
  }

  const contacts: Partial<Record<ContactField, string>>[] = [];
  for (const group of mapping.contacts) {
    const found: Partial<Record<ContactField, string>> = {};
    for (const field of CONTACT_FIELDS) {
      const header = find(group[field]);
      if (header !== undefined) found[field] = header;
    }
    if (Object.keys(found).length > 0) contacts.push(found);
  }
  return { errors, present: { name: mapping.name, pupil, contacts } };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkHeaderValue(value: unknown, field: string, errors: FieldError[]): void {
  if (typeof value !== 'string' || value.trim().length < 1 || value.trim().length > 100) {
    errors.push({ field, message: 'must be text of 1 to 100 characters' });
  }
}

function checkContactGroup(group: unknown, path: string, errors: FieldError[]): void {
  if (!isObject(group)) {
    errors.push({ field: path, message: 'must be an object mapping contact fields to column headers' });
    return;
  }
  for (const [key, value] of Object.entries(group)) {
    if (!(CONTACT_FIELDS as readonly string[]).includes(key)) errors.push({ field: `${path}.${key}`, message: 'unknown field' });
    else checkHeaderValue(value, `${path}.${key}`, errors);
  }
  // Every imported contact needs a name (see row-parser), so a group without name columns cannot work.
  for (const field of ['firstName', 'lastName'] as const) {
    if (!Object.hasOwn(group, field)) errors.push({ field: `${path}.${field}`, message: 'is required' });
  }
}

/** Validates a custom mapping submitted by a user; field names are paths such as `contacts[0].email`. */
export function validateMappingDefinition(input: unknown): FieldError[] {
  if (!isObject(input)) return [{ field: '', message: 'a mapping must be an object with name, pupil and contacts' }];
  const errors: FieldError[] = [];
  for (const key of Object.keys(input)) {
    if (!['name', 'pupil', 'contacts'].includes(key)) errors.push({ field: key, message: 'unknown field' });
  }
  checkHeaderValue(input.name, 'name', errors);

  if (!isObject(input.pupil)) {
    errors.push({ field: 'pupil', message: 'must be an object mapping pupil fields to column headers' });
  } else {
    const pupil = input.pupil;
    for (const [key, value] of Object.entries(pupil)) {
      if (!(PUPIL_FIELDS as readonly string[]).includes(key)) errors.push({ field: `pupil.${key}`, message: 'unknown field' });
      else checkHeaderValue(value, `pupil.${key}`, errors);
    }
    for (const field of REQUIRED_PUPIL_FIELDS) {
      if (!Object.hasOwn(pupil, field)) errors.push({ field: `pupil.${field}`, message: 'is required' });
    }
  }

  const contacts = input.contacts ?? [];
  if (!Array.isArray(contacts)) {
    errors.push({ field: 'contacts', message: 'must be a list of contact column groups' });
  } else if (contacts.length > MAX_CONTACT_GROUPS) {
    errors.push({ field: 'contacts', message: `at most ${MAX_CONTACT_GROUPS} contact groups` });
  } else {
    contacts.forEach((group: unknown, i) => checkContactGroup(group, `contacts[${i}]`, errors));
  }
  return errors;
}

import type { FieldError } from '#libs/core';
import { normaliseHeader } from './headers.js';
import type { SurnamePosition } from './names.js';

export const PUPIL_FIELDS = [
  'upn',
  'legalFirstName',
  'legalLastName',
  'legalFullName',
  'preferredFirstName',
  'preferredLastName',
  'dateOfBirth',
  'yearGroup',
  'className',
  'gender',
  'fsm',
  'eal',
  'lookedAfter',
  'admissionDate',
  'leavingDate',
  'senStatus',
  'primaryNeed',
  'secondaryNeed',
  'senStartDate',
  'ehcPlanDate',
] as const;
export type PupilField = (typeof PUPIL_FIELDS)[number];

export const CONTACT_FIELDS = [
  'firstName',
  'lastName',
  'fullName',
  'relationship',
  'parentalResponsibility',
  'email',
  'phone',
  'preferredChannel',
  'hasCare',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** A full-name column stands in for both name columns; everything else listed here must be mapped. */
export const REQUIRED_PUPIL_FIELDS = ['upn', 'legalFirstName', 'legalLastName', 'dateOfBirth', 'yearGroup'] as const satisfies readonly PupilField[];
/** SEN details mean nothing without a status to attach them to. */
const SEN_DETAIL_FIELDS = ['primaryNeed', 'secondaryNeed', 'senStartDate', 'ehcPlanDate'] as const satisfies readonly PupilField[];
export const MAX_CONTACT_GROUPS = 5;
export const SURNAME_POSITIONS = ['first', 'last'] as const satisfies readonly SurnamePosition[];

/** Which CSV column (by header) holds each field. */
export interface ImportMapping {
  name: string;
  pupil: Partial<Record<PupilField, string>>;
  contacts: Partial<Record<ContactField, string>>[];
  /** In a full-name column without a comma, which word is the surname (default: the last). */
  surnamePosition?: SurnamePosition;
}

/** Required pupil fields a mapping (or the columns found in a file) leaves without a column. */
export function missingPupilFields(has: (field: PupilField) => boolean): PupilField[] {
  return REQUIRED_PUPIL_FIELDS.filter((field) => !has(field) && !(field !== 'upn' && field.startsWith('legal') && has('legalFullName')));
}

const contactGroups = (count: number, header: (n: number, field: ContactField) => string | undefined) =>
  Array.from({ length: count }, (_, i) => {
    const group: Partial<Record<ContactField, string>> = {};
    for (const field of CONTACT_FIELDS) {
      const value = header(i + 1, field);
      if (value !== undefined) group[field] = value;
    }
    return group;
  });

const STANDARD_CONTACT: Partial<Record<ContactField, string>> = {
  firstName: 'Forename',
  lastName: 'Surname',
  relationship: 'Relationship',
  parentalResponsibility: 'Parental Responsibility',
  email: 'Email',
  phone: 'Phone',
  preferredChannel: 'Preferred Channel',
  hasCare: 'Has Care',
};
/** SIMS and Bromcom reports give a contact's name as one "Name" column ("Mrs Jane Smith"). */
const SIMS_CONTACT: Partial<Record<ContactField, string>> = {
  fullName: 'Name',
  relationship: 'Relationship',
  parentalResponsibility: 'Parental Responsibility',
  email: 'Email',
  phone: 'Telephone',
  hasCare: 'Lives With',
};
const ARBOR_CONTACT: Partial<Record<ContactField, string>> = {
  firstName: 'first name',
  lastName: 'last name',
  relationship: 'relationship',
  parentalResponsibility: 'parental responsibility',
  email: 'email',
  phone: 'mobile',
  preferredChannel: 'preferred contact method',
  hasCare: 'resides with student',
};
const SCHOLARPACK_CONTACT: Partial<Record<ContactField, string>> = {
  firstName: 'Forename',
  lastName: 'Surname',
  relationship: 'Relationship',
  parentalResponsibility: 'Parental Responsibility',
  email: 'Email',
  phone: 'Mobile',
};

export const BUILT_IN_MAPPING_NAMES = ['standard', 'sims', 'arbor', 'bromcom', 'scholarpack'] as const;
export type BuiltInMappingName = (typeof BUILT_IN_MAPPING_NAMES)[number];

/**
 * Column layouts for the formats schools most often have to hand. `standard` is this product's own export.
 *
 * Sources, honestly: none of these vendors publishes a fixed export layout (each MIS exports what a
 * report designer or a saved "student list" picks), so the others are modelled on typical exports:
 * - `sims`: the headers of a real SIMS report export a pilot school sent us (issue 17: "Year Group",
 *   "Reg Group", "Looked After", "Contact 1 Name"), with SIMS's own "Legal Surname"/"Legal Forename"/"DOB".
 * - `arbor`: Arbor's student list export as commonly shared by schools ("Legal first name", "Registration form").
 * - `bromcom`: modelled on typical Bromcom student list exports ("NC Year", "Reg Group", "Contact 1 Name").
 * - `scholarpack`: modelled on typical ScholarPack pupil exports ("Forename", "Surname", "Class", "SEN Need 1").
 * A school whose export differs maps its columns on the import page (the header guesser in synonyms.ts
 * recognises the common variants) and saves the mapping.
 */
export const BUILT_IN_MAPPINGS: Record<BuiltInMappingName, ImportMapping> = {
  standard: {
    name: 'standard',
    pupil: {
      upn: 'UPN',
      legalFirstName: 'Legal Forename',
      legalLastName: 'Legal Surname',
      preferredFirstName: 'Preferred Forename',
      preferredLastName: 'Preferred Surname',
      dateOfBirth: 'Date of Birth',
      yearGroup: 'Year Group',
      className: 'Class',
      gender: 'Gender',
      fsm: 'FSM',
      eal: 'EAL',
      lookedAfter: 'Looked After',
      admissionDate: 'Admission Date',
      leavingDate: 'Leaving Date',
      senStatus: 'SEN Status',
      primaryNeed: 'Primary Need',
      secondaryNeed: 'Secondary Need',
      senStartDate: 'SEN Start Date',
      ehcPlanDate: 'EHC Plan Date',
    },
    contacts: contactGroups(3, (n, field) => STANDARD_CONTACT[field] && `Contact ${n} ${STANDARD_CONTACT[field]}`),
  },
  sims: {
    name: 'sims',
    pupil: {
      upn: 'UPN',
      legalLastName: 'Legal Surname',
      legalFirstName: 'Legal Forename',
      preferredLastName: 'Preferred Surname',
      preferredFirstName: 'Preferred Forename',
      dateOfBirth: 'DOB',
      gender: 'Gender',
      yearGroup: 'Year Group',
      className: 'Reg Group',
      fsm: 'FSM Eligible',
      eal: 'EAL',
      lookedAfter: 'Looked After',
      admissionDate: 'Admission Date',
      leavingDate: 'Leaving Date',
      senStatus: 'SEN Status',
      primaryNeed: 'Primary Need',
      secondaryNeed: 'Secondary Need',
      senStartDate: 'SEN Start Date',
      ehcPlanDate: 'EHC Plan Date',
    },
    contacts: contactGroups(3, (n, field) => SIMS_CONTACT[field] && `Contact ${n} ${SIMS_CONTACT[field]}`),
  },
  arbor: {
    name: 'arbor',
    pupil: {
      upn: 'UPN',
      legalFirstName: 'Legal first name',
      legalLastName: 'Legal last name',
      preferredFirstName: 'Preferred first name',
      preferredLastName: 'Preferred last name',
      dateOfBirth: 'Date of birth',
      yearGroup: 'Year group',
      className: 'Registration form',
      gender: 'Gender',
      fsm: 'FSM eligible',
      eal: 'EAL',
      lookedAfter: 'Looked after',
      admissionDate: 'Admission date',
      leavingDate: 'Leaving date',
      senStatus: 'SEN status',
      primaryNeed: 'Primary SEN need',
      secondaryNeed: 'Secondary SEN need',
      senStartDate: 'SEN start date',
      ehcPlanDate: 'EHC plan date',
    },
    contacts: contactGroups(3, (n, field) => ARBOR_CONTACT[field] && `Guardian ${n} ${ARBOR_CONTACT[field]}`),
  },
  bromcom: {
    name: 'bromcom',
    pupil: {
      upn: 'UPN',
      legalLastName: 'Legal Surname',
      legalFirstName: 'Legal Forename',
      preferredLastName: 'Preferred Surname',
      preferredFirstName: 'Preferred Forename',
      dateOfBirth: 'Date of Birth',
      gender: 'Gender',
      yearGroup: 'NC Year',
      className: 'Tutor Group',
      fsm: 'FSM',
      eal: 'EAL',
      lookedAfter: 'CLA',
      admissionDate: 'Admission Date',
      leavingDate: 'Leaving Date',
      senStatus: 'SEN Status',
      primaryNeed: 'SEN Primary Need',
      secondaryNeed: 'SEN Secondary Need',
      senStartDate: 'SEN Start Date',
      ehcPlanDate: 'EHCP Date',
    },
    contacts: contactGroups(3, (n, field) => SIMS_CONTACT[field] && `Contact ${n} ${SIMS_CONTACT[field]}`),
  },
  scholarpack: {
    name: 'scholarpack',
    pupil: {
      upn: 'UPN',
      legalFirstName: 'Forename',
      legalLastName: 'Surname',
      preferredFirstName: 'Preferred Forename',
      preferredLastName: 'Preferred Surname',
      dateOfBirth: 'Date of Birth',
      gender: 'Gender',
      yearGroup: 'Year Group',
      className: 'Class',
      fsm: 'FSM',
      eal: 'EAL',
      lookedAfter: 'Looked After',
      admissionDate: 'Admission Date',
      leavingDate: 'Leaving Date',
      senStatus: 'SEN Status',
      primaryNeed: 'SEN Need 1',
      secondaryNeed: 'SEN Need 2',
      senStartDate: 'SEN Start Date',
      ehcPlanDate: 'EHCP Start Date',
    },
    contacts: contactGroups(3, (n, field) => SCHOLARPACK_CONTACT[field] && `Contact ${n} ${SCHOLARPACK_CONTACT[field]}`),
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
  for (const field of missingPupilFields((f) => pupil[f] !== undefined)) {
    const header = mapping.pupil[field];
    errors.push(
      header === undefined ? `the mapping '${mapping.name}' does not say which column holds ${field}` : `the file has no '${header}' column, which is required`,
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
  return { errors, present: { name: mapping.name, pupil, contacts, surnamePosition: mapping.surnamePosition } };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

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
  if (!Object.hasOwn(group, 'fullName')) {
    for (const field of ['firstName', 'lastName'] as const) {
      if (!Object.hasOwn(group, field)) errors.push({ field: `${path}.${field}`, message: 'is required (or map one full-name column to fullName)' });
    }
  }
  checkDistinctNames(group.firstName, group.lastName, `${path}.lastName`, `${path}.fullName`, errors);
}

/**
 * One column read as both forename and surname is how parents came to be greeted "Dear Parent 12 Parent 12":
 * a single name column must be mapped as the full name, which is split.
 */
function checkDistinctNames(first: unknown, last: unknown, field: string, fullName: string, errors: FieldError[]): void {
  if (typeof first === 'string' && typeof last === 'string' && normaliseHeader(first) === normaliseHeader(last)) {
    errors.push({ field, message: `the forename and surname cannot both be the column '${last}'; map it to ${fullName} and it is split into the two` });
  }
}

/** Validates a custom mapping submitted by a user; field names are paths such as `contacts[0].email`. */
export function validateMappingDefinition(input: unknown): FieldError[] {
  if (!isObject(input)) return [{ field: '', message: 'a mapping must be an object with name, pupil and contacts' }];
  const errors: FieldError[] = [];
  for (const key of Object.keys(input)) {
    if (!['name', 'pupil', 'contacts', 'surnamePosition'].includes(key)) errors.push({ field: key, message: 'unknown field' });
  }
  checkHeaderValue(input.name, 'name', errors);
  if (input.surnamePosition !== undefined && !(SURNAME_POSITIONS as readonly unknown[]).includes(input.surnamePosition)) {
    errors.push({ field: 'surnamePosition', message: 'must be first or last' });
  }

  if (!isObject(input.pupil)) {
    errors.push({ field: 'pupil', message: 'must be an object mapping pupil fields to column headers' });
  } else {
    const pupil = input.pupil;
    for (const [key, value] of Object.entries(pupil)) {
      if (!(PUPIL_FIELDS as readonly string[]).includes(key)) errors.push({ field: `pupil.${key}`, message: 'unknown field' });
      else checkHeaderValue(value, `pupil.${key}`, errors);
    }
    for (const field of missingPupilFields((f) => Object.hasOwn(pupil, f))) {
      errors.push({
        field: `pupil.${field}`,
        message: field.startsWith('legal') ? 'is required (or map one full-name column to legalFullName)' : 'is required',
      });
    }
    checkDistinctNames(pupil.legalFirstName, pupil.legalLastName, 'pupil.legalLastName', 'pupil.legalFullName', errors);
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

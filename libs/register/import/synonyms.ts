import { CONTACT_FIELDS, MAX_CONTACT_GROUPS, PUPIL_FIELDS, type ContactField, type ImportMapping, type PupilField } from './mappings.js';

/**
 * The one table of header spellings MIS exports use for each field, written as they appear (they are
 * compared letters and digits only, ignoring case). The API's suggest-mapping route and so the import page
 * both read it; the first spelling is the product's own.
 */
export const PUPIL_SYNONYMS: Record<PupilField, readonly string[]> = {
  upn: ['UPN', 'Unique Pupil Number', 'Pupil UPN', 'Student UPN'],
  legalFirstName: ['Legal Forename', 'Legal First Name', 'Forename', 'First Name', 'Given Name', 'Firstname'],
  legalLastName: ['Legal Surname', 'Legal Last Name', 'Surname', 'Last Name', 'Family Name', 'Lastname'],
  legalFullName: ['Name', 'Full Name', 'Pupil Name', 'Student Name', 'Legal Name', 'Pupil', 'Student'],
  preferredFirstName: ['Preferred Forename', 'Preferred First Name', 'Known As', 'Chosen Forename'],
  preferredLastName: ['Preferred Surname', 'Preferred Last Name', 'Chosen Surname'],
  dateOfBirth: ['Date of Birth', 'DOB', 'D.O.B.', 'Birth Date', 'Birthdate'],
  yearGroup: ['Year Group', 'Year', 'NC Year', 'National Curriculum Year', 'Curriculum Year', 'Yr', 'Year Grp'],
  className: ['Class', 'Reg Group', 'Reg', 'Form', 'Registration Group', 'Registration Form', 'Tutor Group', 'Form Group', 'Reg Form'],
  gender: ['Gender', 'Sex'],
  fsm: ['FSM', 'FSM Eligible', 'Free School Meals', 'FSM Eligibility', 'Eligible for FSM'],
  eal: ['EAL', 'English as an Additional Language', 'EAL Status'],
  lookedAfter: ['Looked After', 'In Care', 'CLA', 'LAC', 'Child Looked After', 'Looked After Child', 'CIC'],
  admissionDate: ['Admission Date', 'Date of Admission', 'Entry Date', 'Date of Entry', 'Start Date'],
  leavingDate: ['Leaving Date', 'Date of Leaving', 'Leave Date', 'Left Date'],
  senStatus: ['SEN Status', 'SEN', 'SEN Provision', 'SEND Status', 'SEN Code'],
  primaryNeed: ['Primary Need', 'SEN Primary Need', 'Primary SEN Need', 'SEN Need 1', 'Primary SEN Type', 'SEN Need Type', 'Need Type'],
  secondaryNeed: ['Secondary Need', 'SEN Secondary Need', 'Secondary SEN Need', 'SEN Need 2', 'Secondary SEN Type'],
  senStartDate: ['SEN Start Date', 'SEN Start', 'SEND Start Date', 'SEN Provision Start Date', 'Date Placed on SEN Register'],
  ehcPlanDate: ['EHC Plan Date', 'EHCP Date', 'EHC Plan Issued', 'EHCP Issue Date', 'EHCP Start Date', 'Date of EHC Plan'],
};

/** The part after a contact prefix such as "Contact 1", "Priority 1 Contact" or "Guardian 1". */
export const CONTACT_SYNONYMS: Record<ContactField, readonly string[]> = {
  firstName: ['Forename', 'First Name', 'Given Name'],
  lastName: ['Surname', 'Last Name', 'Family Name'],
  fullName: ['Name', 'Full Name', ''],
  relationship: ['Relationship', 'Relation', 'Relationship to Pupil', 'Relationship to Student'],
  parentalResponsibility: ['Parental Responsibility', 'PR', 'Has Parental Responsibility'],
  email: ['Email', 'Email Address', 'E-mail', 'Main Email'],
  phone: ['Phone', 'Telephone', 'Mobile', 'Mobile Phone', 'Tel', 'Phone Number', 'Main Telephone'],
  preferredChannel: ['Preferred Channel', 'Preferred Contact Method', 'Contact Method', 'Preferred Method'],
  // Has care of the pupil (Education Act 1996 s.576): a parent in education law even without parental responsibility.
  hasCare: ['Has Care', 'Lives With', 'Lives With Pupil', 'Lives With Student', 'Resides', 'Resides With Pupil', 'Resides With Student', 'Has Care of Pupil'],
};

const key = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');
/** "Contact 1 Email", "Priority 2 Contact Name", "Guardian 1 first name", "Parent/Carer 1 Mobile". */
const CONTACT_PREFIX = /^(?:priority|contact|guardian|parentcarer|parent|carer)([1-9])(?:contact)?(.*)$/;

const lookup = <F extends string>(table: Record<F, readonly string[]>) =>
  new Map(Object.entries<readonly string[]>(table).flatMap(([field, names]) => names.map((name) => [key(name), field as F] as const)));
const PUPIL_BY_KEY = lookup(PUPIL_SYNONYMS);
const CONTACT_BY_KEY = lookup(CONTACT_SYNONYMS);

/**
 * Guesses which of a file's headers holds each field. Each header goes to at most one field and each field
 * takes the first header that names it; a full-name column is only suggested when the file has no separate
 * forename and surname. The SENCO checks and corrects the guess before anything is read.
 */
export function suggestMapping(headers: string[], name = 'suggested'): ImportMapping {
  const pupil: Partial<Record<PupilField, string>> = {};
  const slots = new Map<number, Partial<Record<ContactField, string>>>();
  for (const header of headers) {
    const k = key(header);
    const field = PUPIL_BY_KEY.get(k);
    if (field !== undefined) {
      if (pupil[field] === undefined) pupil[field] = header;
      continue;
    }
    const contact = CONTACT_PREFIX.exec(k);
    const contactField = contact ? CONTACT_BY_KEY.get(contact[2]!) : undefined;
    if (!contact || contactField === undefined) continue;
    const slot = Number(contact[1]);
    if (slot > MAX_CONTACT_GROUPS) continue;
    const group = slots.get(slot) ?? {};
    if (group[contactField] === undefined) group[contactField] = header;
    slots.set(slot, group);
  }
  if (pupil.legalFirstName !== undefined && pupil.legalLastName !== undefined) delete pupil.legalFullName;
  const contacts = [...slots.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, group]) => {
      if (group.firstName !== undefined && group.lastName !== undefined) delete group.fullName;
      return group;
    });
  return { name, pupil: ordered(pupil, PUPIL_FIELDS), contacts: contacts.map((g) => ordered(g, CONTACT_FIELDS)) };
}

const ordered = <F extends string>(values: Partial<Record<F, string>>, fields: readonly F[]) =>
  Object.fromEntries(fields.flatMap((f) => (values[f] === undefined ? [] : [[f, values[f]]]))) as Partial<Record<F, string>>;

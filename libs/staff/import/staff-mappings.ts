import { normaliseHeader } from '#libs/register';
import type { SchoolRole } from '#libs/vocabulary';

export type StaffField = 'fullName' | 'firstName' | 'lastName' | 'email' | 'role' | 'classes';

/**
 * Which column holds each field. `classes` either lists every class in one cell ("4B, 5A") or, with
 * `classLayout: 'row'`, holds one class per row, the member of staff repeated on each of their rows.
 */
export interface StaffMapping {
  name: string;
  columns: Partial<Record<StaffField, string>>;
  classLayout: 'cell' | 'row';
}

/** The built-in formats: our own, and the headers of a SIMS-like and an Arbor-like staff export (README, Staff import). */
export const STAFF_MAPPINGS: Readonly<Record<string, StaffMapping>> = {
  standard: { name: 'standard', columns: { fullName: 'Name', email: 'Email', role: 'Role', classes: 'Classes' }, classLayout: 'cell' },
  sims: {
    name: 'sims',
    columns: { lastName: 'Legal Surname', firstName: 'Legal Forename', email: 'Work Email', role: 'Staff Role', classes: 'Classes Taught' },
    classLayout: 'cell',
  },
  arbor: {
    name: 'arbor',
    columns: { firstName: 'First Name', lastName: 'Last Name', email: 'Email Address', role: 'Job Title', classes: 'Registration Form' },
    classLayout: 'row',
  },
};

/** Role words as MIS exports write them (matched lower-cased, spaces squeezed); anything else is refused. */
const ROLE_WORDS: Readonly<Record<string, SchoolRole>> = {
  teacher: 'teacher',
  'class teacher': 'teacher',
  'form tutor': 'teacher',
  'subject teacher': 'teacher',
  'supply teacher': 'teacher',
  'teaching assistant': 'teacher',
  ta: 'teacher',
  hlta: 'teacher',
  'higher level teaching assistant': 'teacher',
  'learning support assistant': 'teacher',
  lsa: 'teacher',
  'cover supervisor': 'teacher',
  senco: 'senco',
  sendco: 'senco',
  'sen coordinator': 'senco',
  'send coordinator': 'senco',
  'sen co-ordinator': 'senco',
  'inclusion lead': 'senco',
  head: 'head',
  headteacher: 'head',
  'head teacher': 'head',
  principal: 'head',
  'executive headteacher': 'head',
};

export const ROLE_HINT = 'use Teacher, Teaching Assistant, SENCO or Headteacher';

export function parseStaffRole(raw: string): SchoolRole | null {
  return ROLE_WORDS[raw.trim().toLowerCase().replace(/\s+/g, ' ')] ?? null;
}

/** Fails with the missing column names when the file's headers do not carry the mapping's columns. */
export function resolveStaffColumns(headers: string[], mapping: StaffMapping): { columns: Partial<Record<StaffField, string>>; missing: string[] } {
  const byKey = new Map(headers.map((h) => [normaliseHeader(h), h]));
  const columns: Partial<Record<StaffField, string>> = {};
  const missing: string[] = [];
  for (const [field, header] of Object.entries(mapping.columns) as [StaffField, string][]) {
    const found = byKey.get(normaliseHeader(header));
    if (found) columns[field] = found;
    else missing.push(header);
  }
  return { columns, missing };
}

import type { FieldError } from '#libs/core';
import { normaliseHeader } from '#libs/register';
import type { SchoolRole } from '#libs/vocabulary';

export const STAFF_FIELDS = ['fullName', 'firstName', 'lastName', 'email', 'role', 'classes'] as const;
export type StaffField = (typeof STAFF_FIELDS)[number];
export const CLASS_LAYOUTS = ['cell', 'row'] as const;

/**
 * Which column holds each field. `classes` either lists every class in one cell ("4B, 5A") or, with
 * `classLayout: 'row'`, holds one class per row, the member of staff repeated on each of their rows.
 */
export interface StaffMapping {
  name: string;
  columns: Partial<Record<StaffField, string>>;
  classLayout: 'cell' | 'row';
}

/** What a school saves for its own format (the name is kept beside it). */
export type StaffMappingDefinition = Omit<StaffMapping, 'name'>;

const HEADER_MAX = 100;

/**
 * A saved mapping must name the columns every staff import needs (email and role), each a header of 1–100
 * characters, and no header twice (one column cannot be both the email and the role); a name needs no
 * column (the invitation asks the person for theirs). Absent fields are skipped, as the DTO leaves them.
 */
export function validateStaffDefinition(d: StaffMappingDefinition): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['email', 'role'] as const)
    if (!d.columns[field]) errors.push({ field: `columns.${field}`, message: `name the column holding ${field}` });
  const used = new Map<string, string>();
  for (const [field, header] of Object.entries(d.columns)) {
    if (header === undefined) continue;
    if (!(STAFF_FIELDS as readonly string[]).includes(field)) errors.push({ field: `columns.${field}`, message: `${field} is not a staff field` });
    else if (typeof header !== 'string' || !header.trim() || header.length > HEADER_MAX)
      errors.push({ field: `columns.${field}`, message: `must be a column header of 1–${HEADER_MAX} characters` });
    else {
      const other = used.get(normaliseHeader(header));
      if (other) errors.push({ field: `columns.${field}`, message: `'${header}' is already the ${other} column; each field needs its own column` });
      else used.set(normaliseHeader(header), field);
    }
  }
  if (!CLASS_LAYOUTS.includes(d.classLayout)) errors.push({ field: 'classLayout', message: 'classLayout must be cell or row' });
  return errors;
}

/** A definition keeping only the known fields that name a column: what is stored, and how a stored one is read back. */
export function readStaffDefinition(stored: unknown): StaffMappingDefinition {
  const d = (stored ?? {}) as { columns?: Record<string, unknown>; classLayout?: unknown };
  const columns: Partial<Record<StaffField, string>> = {};
  for (const field of STAFF_FIELDS) {
    const header = d.columns?.[field];
    if (typeof header === 'string') columns[field] = header;
  }
  return { columns, classLayout: d.classLayout === 'row' ? 'row' : 'cell' };
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

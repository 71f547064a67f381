import { stringify } from 'csv-stringify/sync';
import type { SchoolScope } from '#libs/database';
import { BUILT_IN_MAPPINGS, CONTACT_FIELDS, PUPIL_FIELDS, type ContactField, type PupilField } from '../import/mappings.js';
import type { LinkedContact } from '../contacts.service.js';
import type { RegisterFilter, RegisterQuery, RegisterRow } from '../register.query.js';

const yn = (b: boolean) => (b ? 'Y' : 'N');

/**
 * A spreadsheet opening the file would run a cell starting with = or @ as a formula; such a value is
 * written with a leading apostrophe. (+ and - are left alone: phone numbers start with +.)
 */
const safe = (v: string | null) => (v && /^[=@\t\r]/.test(v) ? `'${v}` : (v ?? ''));

function pupilCell(row: RegisterRow, field: PupilField): string {
  switch (field) {
    case 'upn':
      return row.upn;
    case 'legalFirstName':
      return safe(row.legalFirstName);
    case 'legalLastName':
      return safe(row.legalLastName);
    case 'legalFullName':
      return safe(`${row.legalLastName}, ${row.legalFirstName}`);
    case 'preferredFirstName':
      return safe(row.preferredFirstName);
    case 'preferredLastName':
      return safe(row.preferredLastName);
    case 'dateOfBirth':
      return row.dateOfBirth;
    case 'yearGroup':
      return row.yearGroup;
    case 'className':
      return safe(row.className);
    case 'gender':
      return row.gender ?? '';
    case 'fsm':
      return yn(row.fsmEligible);
    case 'eal':
      return yn(row.eal);
    case 'lookedAfter':
      return yn(row.lookedAfter);
    case 'admissionDate':
      return row.admissionDate ?? '';
    case 'leavingDate':
      return row.leavingDate ?? '';
    case 'senStatus':
      return row.status;
    case 'primaryNeed':
      return row.primaryNeed ?? '';
    case 'secondaryNeed':
      return row.secondaryNeed ?? '';
    case 'senStartDate':
      return row.statusSince ?? '';
    case 'ehcPlanDate':
      return row.ehcPlanDate ?? '';
  }
}

function contactCell(c: LinkedContact | undefined, field: ContactField): string {
  if (!c) return '';
  switch (field) {
    case 'firstName':
      return safe(c.firstName);
    case 'lastName':
      return safe(c.lastName);
    case 'fullName':
      return safe(`${c.lastName}, ${c.firstName}`);
    case 'relationship':
      return c.relationship;
    case 'parentalResponsibility':
      return yn(c.parentalResponsibility);
    case 'email':
      return safe(c.email);
    case 'phone':
      return safe(c.phone);
    case 'preferredChannel':
      return c.preferredChannel;
    case 'hasCare':
      return yn(c.hasCare);
  }
}

export interface ContactLookup {
  forPupils(scope: SchoolScope, pupilIds: string[]): Promise<Map<string, LinkedContact[]>>;
}

/**
 * The filtered register in the product's standard import format, contacts included (the first three by
 * priority), so the file round-trips through the import's dry run with nothing to change.
 */
export async function registerCsv(
  scope: SchoolScope,
  register: RegisterQuery,
  filter: RegisterFilter,
  contacts: ContactLookup,
): Promise<{ text: string; rows: number }> {
  const mapping = BUILT_IN_MAPPINGS.standard;
  const pupilFields = PUPIL_FIELDS.filter((f) => mapping.pupil[f] !== undefined);
  const contactFields = CONTACT_FIELDS.filter((f) => mapping.contacts[0]![f] !== undefined);
  const header = [...pupilFields.map((f) => mapping.pupil[f]!), ...mapping.contacts.flatMap((g) => contactFields.map((f) => g[f]!))];
  const lines: string[][] = [header];
  for await (const page of register.all(scope, filter)) {
    const linked = await contacts.forPupils(
      scope,
      page.map((r) => r.pupilId),
    );
    for (const row of page) {
      const cs = linked.get(row.pupilId) ?? [];
      lines.push([...pupilFields.map((f) => pupilCell(row, f)), ...mapping.contacts.flatMap((_, i) => contactFields.map((f) => contactCell(cs[i], f)))]);
    }
  }
  return { text: stringify(lines, { record_delimiter: '\r\n' }), rows: lines.length - 1 };
}

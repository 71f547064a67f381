import type { FieldError } from '#libs/core';
import type { LinkDetails, ContactDetails, LinkedContact } from '../contacts.service.js';
import type { ImportContact, ImportRow } from '../import/row-parser.js';
import type { ImportMapping, PupilField } from '../import/mappings.js';
import type { Pupil } from '../pupil.entity.js';
import { checkPupil, type PupilFields } from '../pupil.rules.js';
import { fromColumns } from '../pupils.service.js';
import type { SenStatusEntry } from '../sen-status-entry.entity.js';
import { checkTransition, sameStatus, type StatusChange } from '../sen-status.rules.js';

export interface ExistingPupil {
  pupil: Pupil | null;
  current: SenStatusEntry | null;
  contacts: LinkedContact[];
}

export type ContactPlan =
  | { kind: 'create'; slot: number; details: ContactDetails; link: LinkDetails }
  /** `contactId` is `pending:<row>` while the contact is one an earlier row of the same file creates. */
  | { kind: 'link'; slot: number; contactId: string; email: string; link: LinkDetails }
  | { kind: 'update'; slot: number; contactId: string; details: Partial<ContactDetails>; link: Partial<LinkDetails> };

export interface RowPlan {
  errors: FieldError[];
  fields: PupilFields;
  /** Names of the pupil fields that would change (all of them for a new pupil). */
  pupilChanges: PupilField[];
  sen: StatusChange | null;
  contacts: ContactPlan[];
  /** What a SENCO reads in the dry-run report: field names and status codes, never values. */
  changes: string[];
}

const FIELD_OF: Record<keyof PupilFields, PupilField> = {
  upn: 'upn',
  legalFirstName: 'legalFirstName',
  legalLastName: 'legalLastName',
  preferredFirstName: 'preferredFirstName',
  preferredLastName: 'preferredLastName',
  dateOfBirth: 'dateOfBirth',
  yearGroup: 'yearGroup',
  className: 'className',
  gender: 'gender',
  fsmEligible: 'fsm',
  eal: 'eal',
  lookedAfter: 'lookedAfter',
  admissionDate: 'admissionDate',
  leavingDate: 'leavingDate',
};

const STATUS_FIELDS: Record<string, PupilField> = {
  status: 'senStatus',
  startDate: 'senStartDate',
  primaryNeed: 'primaryNeed',
  secondaryNeed: 'secondaryNeed',
  ehcPlanDate: 'ehcPlanDate',
};

/**
 * What importing one parsed row would do to the pupil as the database holds it now. Pure: the same plan
 * serves the dry run's report and the commit. `knownEmails` maps contact emails already in the school (or
 * created by an earlier row of this file) to their contact, so siblings share one parent record.
 */
export function planRow(
  row: ImportRow,
  existing: ExistingPupil,
  mapping: ImportMapping,
  today: string,
  knownEmails: Map<string, string>,
  reason: string,
): RowPlan {
  const header = (field: PupilField) => mapping.pupil[field] ?? field;
  const before = existing.pupil ? fromColumns(existing.pupil) : null;
  const fields: PupilFields = {
    upn: row.upn,
    legalFirstName: row.legalFirstName,
    legalLastName: row.legalLastName,
    preferredFirstName: row.preferredFirstName ?? before?.preferredFirstName ?? null,
    preferredLastName: row.preferredLastName ?? before?.preferredLastName ?? null,
    dateOfBirth: row.dateOfBirth,
    yearGroup: row.yearGroup,
    className: row.className ?? before?.className ?? null,
    gender: row.gender ?? before?.gender ?? null,
    fsmEligible: row.fsm ?? before?.fsmEligible ?? false,
    eal: row.eal ?? before?.eal ?? false,
    lookedAfter: row.lookedAfter ?? before?.lookedAfter ?? false,
    admissionDate: row.admissionDate ?? before?.admissionDate ?? null,
    leavingDate: row.leavingDate ?? before?.leavingDate ?? null,
  };
  const errors: FieldError[] = checkPupil(fields, today).errors.map((e) => ({
    field: header(FIELD_OF[e.field as keyof PupilFields] ?? 'upn'),
    message: e.message,
  }));
  const other = existing.pupil && isAnotherChild(existing.pupil, row) ? existing.pupil : null;
  if (other) {
    // Matching is by UPN (one per child: docs/domain.md, Identifiers), so a UPN copied onto another child
    // would silently overwrite the holder's record.
    errors.push({
      field: header('upn'),
      message: `this UPN already belongs to ${other.legalFirstName} ${other.legalLastName} (born ${other.dateOfBirth}, pupil ${other.id}), a different child: both the name and the date of birth differ; check the UPN on this row`,
    });
    return { errors, fields, pupilChanges: [], sen: null, contacts: [], changes: [] };
  }
  const pupilChanges = (Object.keys(FIELD_OF) as (keyof PupilFields)[]).filter((k) => !before || before[k] !== fields[k]).map((k) => FIELD_OF[k]);
  const changes: string[] = before ? pupilChanges.map(String) : ['new pupil'];

  let sen: StatusChange | null = null;
  if (row.sen) {
    const change: StatusChange = {
      status: row.sen.status,
      startDate: row.sen.startDate ?? today,
      primaryNeed: row.sen.primaryNeed,
      secondaryNeed: row.sen.secondaryNeed,
      ehcPlanDate: row.sen.ehcPlanDate,
      reason,
    };
    const unchanged = existing.current ? sameStatus(existing.current, change) : change.status === 'N';
    if (!unchanged) {
      // A new pupil has no history to check against; its date of birth and leaving date still apply.
      const pupilLike = { dateOfBirth: fields.dateOfBirth, leavingDate: fields.leavingDate } as Pupil;
      const verdict = checkTransition(pupilLike, existing.current, change, today, { planDateMayBeUnknown: true });
      if (verdict.ok) {
        sen = change;
        changes.push(`SEN status ${existing.current?.status ?? 'N'} → ${change.status}${existing.current?.status === change.status ? ' (needs changed)' : ''}`);
      } else if (verdict.kind === 'invalid') {
        errors.push(...verdict.errors.map((e) => ({ field: header(STATUS_FIELDS[e.field] ?? 'senStatus'), message: e.message })));
      } else {
        errors.push({ field: header('senStatus'), message: verdict.message });
      }
    }
  }

  const contacts: ContactPlan[] = [];
  row.contacts.forEach((c, i) => {
    const slot = i + 1;
    const group = mapping.contacts[i] ?? {};
    const plan = planContact(c, slot, existing.contacts, knownEmails, {
      channel: group.preferredChannel !== undefined,
      pr: group.parentalResponsibility !== undefined,
      care: group.hasCare !== undefined,
      relationship: group.relationship !== undefined,
    });
    if (plan) {
      contacts.push(plan);
      changes.push(
        plan.kind === 'create'
          ? `contact ${slot} added`
          : plan.kind === 'link'
            ? `contact ${slot} linked (already a contact of the school)`
            : `contact ${slot} updated`,
      );
    }
  });
  return { errors, fields, pupilChanges: before ? pupilChanges : [], sen, contacts, changes };
}

/**
 * Matches a contact in the file to one already linked to the pupil: by email, then by name. Columns the
 * file does not have (channel, parental responsibility, care, relationship) are never compared, so an MIS
 * export without them does not overwrite what the school recorded.
 */
function planContact(
  c: ImportContact,
  slot: number,
  linked: LinkedContact[],
  knownEmails: Map<string, string>,
  has: { channel: boolean; pr: boolean; care: boolean; relationship: boolean },
): ContactPlan | null {
  const email = c.email?.toLowerCase() ?? null;
  const sameName = (l: LinkedContact) => l.firstName.toLowerCase() === c.firstName.toLowerCase() && l.lastName.toLowerCase() === c.lastName.toLowerCase();
  const match = (email ? linked.find((l) => l.email === email) : undefined) ?? linked.find(sameName);
  const link: LinkDetails = { relationship: c.relationship, parentalResponsibility: c.parentalResponsibility, hasCare: c.hasCare };
  if (!match) {
    const known = email ? knownEmails.get(email) : undefined;
    if (known && email) return { kind: 'link', slot, contactId: known, email, link };
    return {
      kind: 'create',
      slot,
      details: { firstName: c.firstName, lastName: c.lastName, email, phone: c.phone, preferredChannel: c.preferredChannel },
      link,
    };
  }
  const details: Partial<ContactDetails> = {};
  if (match.firstName !== c.firstName) details.firstName = c.firstName;
  if (match.lastName !== c.lastName) details.lastName = c.lastName;
  if (email && match.email !== email) details.email = email;
  if (c.phone && match.phone !== c.phone) details.phone = c.phone;
  if (has.channel && match.preferredChannel !== c.preferredChannel) details.preferredChannel = c.preferredChannel;
  const linkChanges: Partial<LinkDetails> = {};
  if (has.relationship && match.relationship !== c.relationship) linkChanges.relationship = c.relationship;
  if (has.pr && match.parentalResponsibility !== c.parentalResponsibility) linkChanges.parentalResponsibility = c.parentalResponsibility;
  if (has.care && match.hasCare !== c.hasCare) linkChanges.hasCare = c.hasCare;
  if (Object.keys(details).length === 0 && Object.keys(linkChanges).length === 0) return null;
  return { kind: 'update', slot, contactId: match.contactId, details, link: linkChanges };
}

/**
 * A pupil record is another child's when neither the full legal name nor the date of birth matches: a
 * change of one of them is a correction, of both a different person.
 */
function isAnotherChild(pupil: Pupil, row: ImportRow): boolean {
  const name = (first: string, last: string) => `${first} ${last}`.toLowerCase().replace(/\s+/g, ' ').trim();
  return name(pupil.legalFirstName, pupil.legalLastName) !== name(row.legalFirstName, row.legalLastName) && pupil.dateOfBirth !== row.dateOfBirth;
}

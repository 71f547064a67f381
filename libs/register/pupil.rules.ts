import type { FieldError } from '#libs/core';
import { validateUpn } from './domain/upn.js';
import { checkDateOfBirth, type YearGroup } from './domain/year-groups.js';

export interface PupilFields {
  upn: string;
  legalFirstName: string;
  legalLastName: string;
  preferredFirstName: string | null;
  preferredLastName: string | null;
  dateOfBirth: string;
  yearGroup: YearGroup;
  className: string | null;
  gender: 'M' | 'F' | null;
  fsmEligible: boolean;
  eal: boolean;
  lookedAfter: boolean;
  admissionDate: string | null;
  leavingDate: string | null;
}

/** The checks on a pupil record that need more than a field's own shape. Returns the normalised UPN. */
export function checkPupil(p: PupilFields, today: string): { errors: FieldError[]; upn: string } {
  const errors: FieldError[] = [];
  const upn = validateUpn(p.upn);
  if (!upn.ok) errors.push({ field: 'upn', message: upn.message });
  const dob = checkDateOfBirth(p.dateOfBirth, p.yearGroup, today);
  if (dob) errors.push({ field: 'dateOfBirth', message: dob });
  if (p.admissionDate && p.admissionDate > today) errors.push({ field: 'admissionDate', message: `admissionDate ${p.admissionDate} is in the future` });
  if (p.admissionDate && p.admissionDate < p.dateOfBirth) errors.push({ field: 'admissionDate', message: 'admissionDate is before the date of birth' });
  if (p.leavingDate && p.admissionDate && p.leavingDate < p.admissionDate) {
    errors.push({ field: 'leavingDate', message: `leavingDate ${p.leavingDate} is before admissionDate ${p.admissionDate}` });
  }
  return { errors, upn: upn.ok ? upn.upn : p.upn };
}

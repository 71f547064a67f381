import type { FieldError } from '#libs/core';
import { checkNeedsForStatus, type NeedCode, type SenStatus } from './domain/needs.js';
import type { Pupil } from './pupil.entity.js';
import type { SenStatusEntry } from './sen-status-entry.entity.js';

export interface StatusChange {
  status: SenStatus;
  startDate: string;
  primaryNeed: NeedCode | null;
  secondaryNeed: NeedCode | null;
  ehcPlanDate: string | null;
  reason: string;
}

export type TransitionVerdict = { ok: true } | { ok: false; kind: 'invalid'; errors: FieldError[] } | { ok: false; kind: 'conflict'; message: string };

const ON_REGISTER: readonly SenStatus[] = ['K', 'E'];
export const isOnRegister = (status: SenStatus | null | undefined): boolean => !!status && ON_REGISTER.includes(status);

/**
 * Whether a status change may be appended to a pupil's timeline. Used by the API and by the MIS import, so
 * both refuse the same things. Field names are the API's; the import maps them onto its columns.
 */
/**
 * `planDateMayBeUnknown`: the MIS import records an E pupil whose file lacks the plan date with the date
 * unknown (null) and a warning, rather than refusing what the school does know.
 */
export function checkTransition(
  pupil: Pupil,
  current: SenStatusEntry | null,
  change: StatusChange,
  today: string,
  options: { planDateMayBeUnknown?: boolean } = {},
): TransitionVerdict {
  const errors: FieldError[] = checkNeedsForStatus(change.status, change.primaryNeed, change.secondaryNeed);
  const { startDate, ehcPlanDate } = change;
  if (startDate > today)
    errors.push({ field: 'startDate', message: `startDate ${startDate} is in the future; record a change on or after the day it happens` });
  if (startDate < pupil.dateOfBirth) errors.push({ field: 'startDate', message: `startDate ${startDate} is before the pupil's date of birth` });
  if (pupil.leavingDate && startDate > pupil.leavingDate) {
    errors.push({ field: 'startDate', message: `startDate ${startDate} is after the pupil left the school (${pupil.leavingDate})` });
  }
  if (current && startDate <= current.startDate) {
    errors.push({
      field: 'startDate',
      message: `startDate must be after ${current.startDate}, when the current status began: the history is added to, never rewritten`,
    });
  }
  // An EHC plan is issued by the local authority (CFA 2014 s.37); the E status begins when it is.
  if (change.status === 'E') {
    if (!ehcPlanDate) {
      if (!options.planDateMayBeUnknown) errors.push({ field: 'ehcPlanDate', message: 'an EHC plan status (E) needs the date the EHC plan was issued' });
    } else if (ehcPlanDate > today) errors.push({ field: 'ehcPlanDate', message: `ehcPlanDate ${ehcPlanDate} is in the future` });
    else if (ehcPlanDate > startDate)
      errors.push({ field: 'ehcPlanDate', message: `the E status cannot start (${startDate}) before the EHC plan was issued (${ehcPlanDate})` });
  } else if (ehcPlanDate) {
    errors.push({ field: 'ehcPlanDate', message: 'only an EHC plan status (E) carries an EHC plan date' });
  }
  if (errors.length > 0) return { ok: false, kind: 'invalid', errors };

  if (!current && change.status === 'N') return { ok: false, kind: 'conflict', message: 'The pupil has no SEN status to end: they are already N' };
  if (current && sameStatus(current, change))
    return { ok: false, kind: 'conflict', message: 'This is the pupil’s current status already: nothing would change' };
  return { ok: true };
}

export type ParentNotice = 'sent' | 'pending' | 'given_outside';

/**
 * For SEN Support: whether the formal notice to parents (CFA 2014 s.68; docs/domain.md, "Formal notice") has
 * gone. `given_outside`: the school told the parents before it used this product (or by hand), so the product
 * sent nothing.
 */
export function parentNoticeOf(e: {
  status: SenStatus;
  noticeEventId: string | null;
  parentsNotifiedAt: Date | null;
  noticeGivenOutside?: boolean;
}): ParentNotice | null {
  if (e.status !== 'K') return null;
  if (e.noticeGivenOutside) return 'given_outside';
  if (!e.noticeEventId) return null;
  return e.parentsNotifiedAt ? 'sent' : 'pending';
}

export function sameStatus(current: SenStatusEntry, change: Omit<StatusChange, 'reason' | 'startDate'>): boolean {
  return (
    current.status === change.status &&
    current.primaryNeed === change.primaryNeed &&
    current.secondaryNeed === change.secondaryNeed &&
    (current.ehcPlanDate ?? null) === (change.ehcPlanDate ?? null)
  );
}

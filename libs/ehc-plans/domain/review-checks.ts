import type { FieldError } from '#libs/core';
import { addDays } from '#libs/core';
import { BEFORE_MEETING_DAYS } from './deadlines.js';
import type { OutcomeProgress, PreparingForAdulthood, Recommendation } from './ehc.types.js';

/**
 * The dated steps of a review, checked before anything is written; each error names its field
 * (docs/domain.md, "EHC plan reviews and re-assessment", for the two-week rules of reg. 20).
 */

export function checkMeetingDate(field: 'meetingOn', meetingOn: string, issuedOn: string, today: string, heldAlready: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (meetingOn < issuedOn) errors.push({ field, message: `${field} ${meetingOn} is before the EHC plan was issued (${issuedOn})` });
  else if (heldAlready) errors.push({ field, message: 'the meeting has been held; its date cannot change' });
  else if (meetingOn < today) errors.push({ field, message: `${field} ${meetingOn} is in the past; record the meeting as held instead` });
  return errors;
}

/** Invitations at least two weeks before the meeting (reg. 20(3)); later ones only when the SENCO records them anyway, flagged. */
export function checkInvitation(invitedOn: string, meetingOn: string | null, today: string, recordLate: boolean): { errors: FieldError[]; late: boolean } {
  if (!meetingOn) return { errors: [{ field: 'meetingOn', message: 'schedule the meeting before inviting anyone' }], late: false };
  if (invitedOn > today) return { errors: [{ field: 'invitedOn', message: `invitedOn ${invitedOn} is in the future` }], late: false };
  if (invitedOn > meetingOn) return { errors: [{ field: 'invitedOn', message: `invitedOn ${invitedOn} is after the meeting (${meetingOn})` }], late: false };
  const late = invitedOn > addDays(meetingOn, -BEFORE_MEETING_DAYS);
  if (late && !recordLate) {
    return {
      errors: [
        {
          field: 'invitedOn',
          message: `invitedOn ${invitedOn} is less than two weeks before the meeting (${meetingOn}): the law asks for two weeks (reg. 20(3)); move the meeting, or set recordLate to record it anyway, flagged`,
        },
      ],
      late,
    };
  }
  return { errors: [], late };
}

export function checkAdvice(requestedOn: string | null, receivedOn: string | null, invitedOn: string, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (requestedOn && requestedOn > today) errors.push({ field: 'requestedOn', message: `requestedOn ${requestedOn} is in the future` });
  if (receivedOn && receivedOn > today) errors.push({ field: 'receivedOn', message: `receivedOn ${receivedOn} is in the future` });
  if (receivedOn && requestedOn && receivedOn < requestedOn)
    errors.push({ field: 'receivedOn', message: `receivedOn ${receivedOn} is before the advice was requested (${requestedOn})` });
  if (requestedOn && requestedOn < addDays(invitedOn, -BEFORE_MEETING_DAYS * 4))
    errors.push({ field: 'requestedOn', message: `requestedOn ${requestedOn} is long before the invitation (${invitedOn})` });
  return errors;
}

/** Advice to everyone at least two weeks before the meeting (reg. 20(4)); later only recorded anyway, flagged. */
export function checkCirculation(circulatedOn: string, meetingOn: string | null, today: string, recordLate: boolean): { errors: FieldError[]; late: boolean } {
  if (!meetingOn) return { errors: [{ field: 'meetingOn', message: 'schedule the meeting before circulating advice' }], late: false };
  if (circulatedOn > today) return { errors: [{ field: 'circulatedOn', message: `circulatedOn ${circulatedOn} is in the future` }], late: false };
  if (circulatedOn > meetingOn)
    return { errors: [{ field: 'circulatedOn', message: `circulatedOn ${circulatedOn} is after the meeting (${meetingOn})` }], late: false };
  const late = circulatedOn > addDays(meetingOn, -BEFORE_MEETING_DAYS);
  if (late && !recordLate) {
    return {
      errors: [
        {
          field: 'circulatedOn',
          message: `circulatedOn ${circulatedOn} is less than two weeks before the meeting (${meetingOn}) (reg. 20(4)); set recordLate to record it anyway, flagged`,
        },
      ],
      late,
    };
  }
  return { errors: [], late };
}

export interface MeetingRecord {
  heldOn: string;
  pupilViews: string;
  parentViews: string;
  progress: OutcomeProgress[];
  recommendation: Recommendation;
  proposedChanges: string | null;
  preparingForAdulthood: PreparingForAdulthood | null;
}

export function checkMeeting(input: MeetingRecord, issuedOn: string, outcomeCount: number, today: string, needsPfa: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (input.heldOn > today) errors.push({ field: 'heldOn', message: `heldOn ${input.heldOn} is in the future; record the meeting once it has been held` });
  if (input.heldOn < issuedOn) errors.push({ field: 'heldOn', message: `heldOn ${input.heldOn} is before the EHC plan was issued (${issuedOn})` });
  const seen = new Set<number>();
  input.progress.forEach((p, i) => {
    if (p.outcome >= outcomeCount)
      errors.push({ field: `progress.${i}.outcome`, message: `progress.${i}.outcome is not one of the plan's ${outcomeCount} outcomes (numbered from 0)` });
    else if (seen.has(p.outcome)) errors.push({ field: `progress.${i}.outcome`, message: `progress.${i}.outcome is given twice` });
    seen.add(p.outcome);
  });
  const missing = [...Array(outcomeCount).keys()].filter((i) => !seen.has(i));
  if (missing.length > 0)
    errors.push({ field: 'progress', message: `record progress against every outcome of the plan: outcome ${missing.join(', ')} has none` });
  if (input.recommendation === 'amend' && !input.proposedChanges?.trim())
    errors.push({ field: 'proposedChanges', message: 'a recommendation to amend the plan needs the proposed changes' });
  if (needsPfa && !input.preparingForAdulthood) {
    errors.push({
      field: 'preparingForAdulthood',
      message:
        'from Year 9 every review covers preparing for adulthood (Code 8.9, 9.179): give employment, independentLiving, communityParticipation and health',
    });
  }
  return errors;
}

export function checkAfterMeeting(field: string, value: string, heldOn: string | null, today: string): FieldError[] {
  if (!heldOn) return [{ field, message: 'record the meeting as held first' }];
  if (value > today) return [{ field, message: `${field} ${value} is in the future` }];
  if (value < heldOn) return [{ field, message: `${field} ${value} is before the meeting (${heldOn})` }];
  return [];
}

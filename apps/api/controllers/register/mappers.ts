import { areaOfNeed, fromColumns, parentNoticeOf, type Pupil, type SenStatusEntry } from '#libs/register';
import type { PupilDto, StatusEntryDto } from './pupils.dto.js';

export function toPupilDto(p: Pupil): PupilDto {
  const f = fromColumns(p);
  return { id: p.id, ...f, passport: p.passport };
}

export function toEntryDto(e: SenStatusEntry): StatusEntryDto {
  return {
    id: e.id,
    status: e.status,
    startDate: e.startDate,
    endDate: e.endDate,
    primaryNeed: e.primaryNeed,
    secondaryNeed: e.secondaryNeed,
    areaOfNeed: e.primaryNeed ? areaOfNeed(e.primaryNeed) : null,
    ehcPlanDate: e.ehcPlanDate,
    placedOn: e.registerSince,
    reason: e.reason,
    recordedBy: e.recordedBy,
    recordedAt: e.recordedAt,
    parentNotice: parentNoticeOf(e),
    parentsNotifiedAt: e.parentsNotifiedAt,
  };
}

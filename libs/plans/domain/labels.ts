import type { AttendeeRole, CycleStatus, FrequencyPeriod, Outcome, Profession, ReviewDecision, SenStatus, StaffRole, VersionStatus } from './plan.types.js';

/** Plain-English labels for the plan enums, as parents, schools and local authorities read them. */

export const VERSION_STATUS_LABELS: Record<VersionStatus, string> = {
  draft: 'Draft',
  agreed: 'Agreed',
  active: 'Active',
  superseded: 'Superseded',
};

export const CYCLE_STATUS_LABELS: Record<CycleStatus, string> = {
  planning: 'Planning',
  active: 'In progress',
  reviewed: 'Reviewed',
  closed: 'Closed',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  achieved: 'Achieved',
  partly_achieved: 'Partly achieved',
  not_achieved: 'Not achieved',
};

export const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = {
  continue: 'Continue SEN Support with a new plan',
  end_support: 'End SEN Support',
  escalate: 'Request an EHC needs assessment',
  early_review: 'Ask for an early review of the EHC plan',
  reassessment_request: 'Ask for a re-assessment of the EHC needs',
};

export const FREQUENCY_PERIOD_LABELS: Record<FrequencyPeriod, string> = {
  day: 'Day',
  week: 'Week',
  fortnight: 'Fortnight',
  month: 'Month',
  half_term: 'Half term',
  term: 'Term',
};

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  class_teacher: 'Class teacher',
  teaching_assistant: 'Teaching assistant',
  senco: 'SENCO',
  specialist_teacher: 'Specialist teacher',
  speech_and_language_therapist: 'Speech and language therapist',
  occupational_therapist: 'Occupational therapist',
  physiotherapist: 'Physiotherapist',
  educational_psychologist: 'Educational psychologist',
  mental_health_practitioner: 'Mental health practitioner',
  school_nurse: 'School nurse',
  other: 'Other',
};

export const PROFESSION_LABELS: Record<Profession, string> = {
  educational_psychologist: 'Educational psychologist',
  speech_and_language_therapist: 'Speech and language therapist',
  occupational_therapist: 'Occupational therapist',
  physiotherapist: 'Physiotherapist',
  camhs: 'CAMHS (Child and Adolescent Mental Health Services)',
  mental_health_practitioner: 'Mental health practitioner',
  autism_outreach: 'Autism outreach service',
  specialist_teacher: 'Specialist teacher',
  school_nurse: 'School nurse',
  paediatrician: 'Paediatrician',
  other: 'Other professional',
};

export const ATTENDEE_ROLE_LABELS: Record<AttendeeRole, string> = {
  parent: 'Parent or carer',
  pupil: 'Pupil',
  senco: 'SENCO',
  class_teacher: 'Class teacher',
  teaching_assistant: 'Teaching assistant',
  professional: 'Professional',
  other: 'Other',
};

/** The census codes with the internal 'monitoring' stage, which the census reports as N. */
export const SEN_STATUS_LABELS: Record<SenStatus, string> = {
  N: 'No special educational needs (N)',
  monitoring: 'Monitoring (not on the SEN register)',
  K: 'SEN Support (K)',
  E: 'Education, health and care plan (E)',
};

/** "once a …" for one session a period: "daily", "weekly", "once a half term". */
const ONCE_A: Record<FrequencyPeriod, string> = {
  day: 'daily',
  week: 'weekly',
  fortnight: 'fortnightly',
  month: 'monthly',
  half_term: 'once a half term',
  term: 'once a term',
};

const A_PERIOD: Record<FrequencyPeriod, string> = {
  day: 'a day',
  week: 'a week',
  fortnight: 'a fortnight',
  month: 'a month',
  half_term: 'a half term',
  term: 'a term',
};

export interface Dose {
  frequencyCount: number | null;
  frequencyPeriod: FrequencyPeriod | null;
  minutesPerSession: number | null;
  groupSize: number | null;
}

const known = (n: number | null): n is number => n !== null && Number.isFinite(n) && n > 0;

/**
 * How much of a provision a pupil gets, in words: "3 × 30 min a week, group of 4", "daily, 20 min, 1:1".
 * A part that was not recorded is said to be "not stated" so the gap shows; nothing is silently dropped.
 */
export function formatDose(p: Dose): string {
  const count = known(p.frequencyCount) ? p.frequencyCount : null;
  const period = p.frequencyPeriod;
  const length = known(p.minutesPerSession) ? `${p.minutesPerSession} min` : 'length not stated';

  let how: string;
  if (count !== null && period) {
    how =
      count === 1
        ? `${ONCE_A[period]}, ${length}`
        : known(p.minutesPerSession)
          ? `${count} × ${length} ${A_PERIOD[period]}`
          : `${count} sessions ${A_PERIOD[period]}, ${length}`;
  } else if (count !== null) {
    how = `${count} ${count === 1 ? 'session' : 'sessions'} (how often not stated), ${length}`;
  } else if (period) {
    how = `frequency not stated (sessions ${A_PERIOD[period]}), ${length}`;
  } else {
    how = `frequency not stated, ${length}`;
  }

  const group = known(p.groupSize) ? (p.groupSize === 1 ? '1:1' : `group of ${p.groupSize}`) : 'group size not stated';
  return `${how}, ${group}`;
}

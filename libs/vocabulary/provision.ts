/** How often a provision or an intervention runs: so many sessions per period. */
export const FREQUENCY_PERIODS = ['day', 'week', 'fortnight', 'month', 'half_term', 'term'] as const;
export type FrequencyPeriod = (typeof FREQUENCY_PERIODS)[number];

/** Who delivers a provision: the role matters more to the plan than the name (which changes). */
export const STAFF_ROLES = [
  'class_teacher',
  'teaching_assistant',
  'senco',
  'specialist_teacher',
  'speech_and_language_therapist',
  'occupational_therapist',
  'physiotherapist',
  'educational_psychologist',
  'mental_health_practitioner',
  'school_nurse',
  'other',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

import type { OapCycle } from '#libs/oap';
import type { AreaOfNeed, NeedCode, SenStatus } from '#libs/register';
// Provisions and interventions share these words; they live below both libs (libs/vocabulary).
import type { FrequencyPeriod, StaffRole } from '#libs/vocabulary';
export { FREQUENCY_PERIODS, STAFF_ROLES, type FrequencyPeriod, type StaffRole } from '#libs/vocabulary';

/** The lifecycle of one version of a cycle's plan. Only a draft may be edited; an agreed plan is kept. */
export const VERSION_STATUSES = ['draft', 'agreed', 'active', 'superseded'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** One Assess–Plan–Do–Review loop: planning until a version is active, active until reviewed. */
export const CYCLE_STATUSES = ['planning', 'active', 'reviewed', 'closed'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

export const OUTCOMES = ['achieved', 'partly_achieved', 'not_achieved'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * continue: next cycle with changes; end_support: off SEN Support; escalate: request an EHC needs assessment.
 * A pupil who already has an EHC plan cannot be assessed for one: the school asks the local authority instead
 * for an early review of the plan (early_review) or a re-assessment (reassessment_request, CFA 2014 s.44).
 */
export const REVIEW_DECISIONS = ['continue', 'end_support', 'escalate', 'early_review', 'reassessment_request'] as const;
/** The decisions open to a review, by the pupil's SEN status: E has an EHC plan already. */
export const decisionsFor = (status: SenStatus | null | undefined): readonly ReviewDecision[] =>
  status === 'E' ? ['continue', 'early_review', 'reassessment_request'] : ['continue', 'end_support', 'escalate'];
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const PROFESSIONS = [
  'educational_psychologist',
  'speech_and_language_therapist',
  'occupational_therapist',
  'physiotherapist',
  'camhs',
  'mental_health_practitioner',
  'autism_outreach',
  'specialist_teacher',
  'school_nurse',
  'paediatrician',
  'other',
] as const;
export type Profession = (typeof PROFESSIONS)[number];

export const ATTENDEE_ROLES = ['parent', 'pupil', 'senco', 'class_teacher', 'teaching_assistant', 'professional', 'other'] as const;
export type AttendeeRole = (typeof ATTENDEE_ROLES)[number];

export interface Attendee {
  name: string;
  role: AttendeeRole;
}

/** Parental involvement in agreeing a plan: a meeting, who came, and what the parents said. */
export interface Involvement {
  meetingDate: string;
  attendees: Attendee[];
  parentComments: string;
}

export interface NeedDescription {
  area: AreaOfNeed;
  description: string;
}

export interface TargetFacts {
  id: string;
  description: string;
  areaOfNeed: AreaOfNeed | null;
  measure: string | null;
  baseline: string | null;
  /** The target value or success criterion. */
  successCriterion: string | null;
  targetDate: string | null;
  /** The target of the previous cycle this one carries forward, if any. */
  carriedFromId: string | null;
}

export interface ProvisionFacts {
  id: string;
  description: string;
  interventionId: string | null;
  staffRole: StaffRole | null;
  deliveredBy: string | null;
  frequencyCount: number | null;
  frequencyPeriod: FrequencyPeriod | null;
  minutesPerSession: number | null;
  groupSize: number | null;
  startsOn: string | null;
  endsOn: string | null;
}

export interface VersionFacts {
  id: string;
  version: number;
  status: VersionStatus;
  startsOn: string;
  /** The day the version was agreed with the parents; null while it was only ever a draft. */
  agreedOn: string | null;
  reviewDate: string | null;
  /** Assess: the needs, described per area of need. */
  needs: NeedDescription[];
  pupilViews: string | null;
  /** What the parents will do at home. */
  homeSupport: string | null;
  involvement: Involvement | null;
  targets: TargetFacts[];
  provisions: ProvisionFacts[];
}

export interface OutcomeFacts {
  targetId: string;
  outcome: Outcome;
  measuredValue: string | null;
}

export interface ReviewFacts {
  id: string;
  heldOn: string;
  /** The review date the plan had set; a review held after it was late. */
  dueOn: string | null;
  attendees: Attendee[];
  parentViews: string | null;
  decision: ReviewDecision;
  outcomes: OutcomeFacts[];
}

export interface CycleFacts {
  id: string;
  number: number;
  status: CycleStatus;
  openedOn: string;
  /** Every version of the cycle, oldest first. */
  versions: VersionFacts[];
  review: ReviewFacts | null;
}

/** What the quality check needs to know about one pupil, all dates ISO `YYYY-MM-DD` in the school's zone. */
export interface PupilPlanFacts {
  pupilId: string;
  /** Current SEN status (N when none) and the start of the unbroken time on the register. */
  status: SenStatus;
  registerSince: string | null;
  /** Every cycle of the pupil, oldest first. */
  cycles: CycleFacts[];
  /** The day the current status began (N when none: null); for how long a pupil has been monitored. */
  statusSince: string | null;
  /**
   * The day SEN Support was recorded (in the school's zone) when its formal notice to parents (CFA 2014 s.68)
   * has not gone yet. The day it was recorded, not the start date: a period entered after the event (an MIS
   * import, history typed in) asks for the notice only then.
   */
  noticePendingSince: string | null;
  /** Professionals' reports on the pupil, newest first. */
  reports: ReportFacts[];
  /** Intervention sessions delivered to the pupil's groups during the plan in force, per intervention. */
  deliveries: DeliveryFacts[];
  /** The expectations of the school's LA framework for the pupil's areas of need that nothing evidences (docs/oap.md). */
  oapGaps?: OapGapFacts[];
  /** Each reviewed cycle beside that framework, oldest first: was it all evidenced within the cycle? */
  oapCycles?: OapCycleFacts[];
}

/** A reviewed plan cycle beside the authority's framework (libs/oap/reviewed-cycles.ts), with the framework's name. */
export type OapCycleFacts = OapCycle & { framework: string };

/** One expectation of the authority's ordinarily available provision not evidenced for the pupil. */
export interface OapGapFacts {
  code: string;
  text: string;
  framework: string;
}

export interface ReportFacts {
  id: string;
  profession: Profession;
  reportDate: string;
  recommendations: string | null;
}

/** The delivered sessions of the groups of one catalogue intervention the pupil was enrolled in. */
export interface DeliveryFacts {
  interventionId: string;
  /** One date per delivered session (two sessions on a day: the date twice). */
  deliveredOn: string[];
}

/** The days a school is open: terms and closures, inclusive dates (the interventions calendar). */
export interface CalendarFacts {
  terms: { startsOn: string; endsOn: string }[];
  closures: { startsOn: string; endsOn: string }[];
}

export interface QualityContext {
  today: string;
  /** The school's review interval, 6–12 weeks (default 12, about a term). */
  reviewIntervalWeeks: number;
  /** Whether parents have a way to reach the SENCO: an email address or a phone number set for the school. */
  sencoReachable: boolean;
  /** The school's calendar; with no terms entered, school days are the weekdays. */
  calendar: CalendarFacts;
}

export const FLAG_SUBJECTS = ['pupil', 'cycle', 'version', 'target', 'provision', 'review'] as const;
export type FlagSubject = (typeof FLAG_SUBJECTS)[number];

/** A red flag: what is wrong, in plain words, and the rule or guidance it comes from. */
export interface QualityFlag {
  code: string;
  message: string;
  rule: string;
  subject: FlagSubject;
  subjectId: string;
}

export type { AreaOfNeed, NeedCode, SenStatus };

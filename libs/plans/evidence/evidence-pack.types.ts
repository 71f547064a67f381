import type {
  AreaOfNeed,
  Attendee,
  FrequencyPeriod,
  Involvement,
  NeedCode,
  Outcome,
  Profession,
  ReviewDecision,
  SenStatus,
  StaffRole,
} from '../domain/plan.types.js';

/**
 * One pupil's graduated-approach record, in the order a local authority reads an EHC needs assessment
 * request: who the child is, what the school has tried, for how long and what happened, then the detail.
 * Dates are ISO `YYYY-MM-DD`; `generatedAt` is an ISO timestamp.
 */
export interface EvidencePack {
  generatedAt: string;
  school: { name: string; urn: string; laName: string };
  pupil: {
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    yearGroup: string;
    upn: string;
    currentStatus: SenStatus;
    primaryNeed: NeedCode | null;
    secondaryNeed: NeedCode | null;
    registerSince: string | null;
  };
  senHistory: { status: SenStatus; startDate: string; endDate: string | null; primaryNeed: NeedCode | null; secondaryNeed: NeedCode | null; reason: string }[];
  summary: EvidenceSummary;
  professionals: EvidenceProfessional[];
  /** Every view given by the pupil, the parents and staff, oldest first. */
  views: { date: string; who: 'parent' | 'pupil' | 'staff'; context: string; text: string }[];
  cycles: EvidenceCycle[];
  /** The pupil beside the LA's ordinarily available provision (docs/oap.md); absent when the LA has no framework. */
  oap?: EvidenceOap | null;
}

export interface EvidenceOap {
  framework: string;
  version: number;
  source: string;
  expectations: { code: string; text: string; status: 'evidenced' | 'not_evidenced' | 'not_applicable'; evidence: string | null }[];
  /** Each reviewed plan cycle beside the framework: how long, what was delivered, and what the review found. */
  cycles: { from: string; to: string; fullyEvidenced: boolean; delivered: string[]; targetsMet: boolean | null }[];
}

export interface EvidenceSummary {
  cycles: number;
  firstPlanOn: string | null;
  /** Whole weeks from the first plan's start to the last review (or to today while a cycle is open). */
  weeksOfSupport: number;
  reviewsHeld: number;
  reviewsLate: number;
  targetsSet: number;
  outcomes: Record<Outcome, number>;
  escalatedOn: string | null;
  /** Each distinct provision (by description and staff role) with the span of cycles it ran in. */
  provisions: { description: string; staffRole: StaffRole | null; dose: string; from: string | null; to: string | null; cycles: number }[];
}

export interface EvidenceProfessional {
  profession: Profession;
  name: string;
  organisation: string | null;
  reportDate: string;
  summary: string;
  recommendations: string | null;
}

export interface EvidenceTarget {
  description: string;
  areaOfNeed: AreaOfNeed | null;
  measure: string | null;
  baseline: string | null;
  successCriterion: string | null;
  targetDate: string | null;
  outcome: Outcome | null;
  measuredValue: string | null;
  comment: string | null;
}

export interface EvidenceProvision {
  description: string;
  staffRole: StaffRole | null;
  deliveredBy: string | null;
  frequencyCount: number | null;
  frequencyPeriod: FrequencyPeriod | null;
  minutesPerSession: number | null;
  groupSize: number | null;
  startsOn: string | null;
  endsOn: string | null;
  /** Sessions and minutes recorded as delivered; null where delivery is not recorded in the product. */
  delivered: { sessions: number; minutes: number } | null;
}

export interface EvidenceReview {
  heldOn: string;
  dueOn: string | null;
  late: boolean;
  attendees: Attendee[];
  whatWorked: string | null;
  whatDidNotWork: string | null;
  parentViews: string | null;
  pupilViews: string | null;
  decision: ReviewDecision;
  ehcnaRequestedOn: string | null;
}

export interface EvidenceCycle {
  number: number;
  status: 'planning' | 'active' | 'reviewed' | 'closed';
  openedOn: string;
  /** The day the plan the cycle ran on started. */
  startsOn: string;
  activatedOn: string | null;
  reviewDate: string | null;
  /** The version the cycle ran on (the active or last agreed one, else the latest draft). */
  version: number;
  needs: { area: AreaOfNeed; description: string }[];
  strengths: string | null;
  attainment: string | null;
  pupilViews: string | null;
  parentViews: string | null;
  homeSupport: string | null;
  involvement: Involvement | null;
  agreedOn: string | null;
  targets: EvidenceTarget[];
  provisions: EvidenceProvision[];
  review: EvidenceReview | null;
}

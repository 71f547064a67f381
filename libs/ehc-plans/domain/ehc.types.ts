/** The sections of an EHC plan whose outcomes are reviewed (SEND Regulations 2014 reg. 12: section E). */
export interface PlanOutcome {
  /** The plan's own section or heading the outcome sits under, e.g. "E1 Communication". */
  section: string;
  outcome: string;
}

export const REVIEW_KINDS = ['annual', 'interim', 'early'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** Who asked for an interim or early review: the parents, or a SEN Support review of an E pupil. */
export const REQUESTED_BY = ['school', 'parents', 'young_person', 'sen_support_review'] as const;
export type RequestedBy = (typeof REQUESTED_BY)[number];

export const INVITEE_ROLES = ['parent', 'young_person', 'local_authority', 'health', 'social_care', 'other'] as const;
export type InviteeRole = (typeof INVITEE_ROLES)[number];

export const RECOMMENDATIONS = ['maintain', 'amend', 'cease'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

/** The four preparing-for-adulthood outcomes (Code 8.9). */
export interface PreparingForAdulthood {
  employment: string;
  independentLiving: string;
  communityParticipation: string;
  health: string;
}

export interface OutcomeProgress {
  /** Index into the plan's outcomes. */
  outcome: number;
  progress: string;
}

export const REVIEW_STATUSES = ['due', 'scheduled', 'held', 'reported', 'decided'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Outside professionals a school shares with and refers to (docs/domain.md, "Consent and information sharing"). */
export const PROFESSIONAL_ROLES = ['educational_psychologist', 'speech_and_language_therapist', 'paediatrician', 'camhs', 'outreach_teacher', 'other'] as const;
export type ProfessionalRole = (typeof PROFESSIONAL_ROLES)[number];

export const PROFESSIONAL_ROLE_LABELS: Record<ProfessionalRole, string> = {
  educational_psychologist: 'Educational psychologist',
  speech_and_language_therapist: 'Speech and language therapist',
  paediatrician: 'Paediatrician',
  camhs: 'CAMHS (child and adolescent mental health services)',
  outreach_teacher: 'Outreach teacher',
  other: 'Other professional',
};

/** Who agreed to the sharing: a parent or carer, or the young person themself (16 or over, or competent). */
export const CONSENT_GIVERS = ['parent', 'carer', 'young_person'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

/** What a share holds: the pupil summary, the current plan, and documents the SENCO chose. */
export const SHARE_ITEM_KINDS = ['summary', 'plan', 'document'] as const;
export type ShareItemKind = (typeof SHARE_ITEM_KINDS)[number];

/** A referral to an outside service: waiting, seen, or closed without being seen (declined or withdrawn). */
export const REFERRAL_STATUSES = ['waiting', 'seen', 'declined', 'withdrawn'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

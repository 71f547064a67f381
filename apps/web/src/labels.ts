import type { Schemas } from './api/client';

/** Words people use, for the codes the API speaks. */
export type SenStatus = Schemas['ChangeSenStatusDto']['status'];
export type Need = NonNullable<Schemas['ChangeSenStatusDto']['primaryNeed']>;

/**
 * Whether `value` is one of the codes `labels` names: narrows what a <select> gives back (a string) to the API's
 * enum without a cast. The label maps below are checked against the API's enums (`satisfies`), so the guard is exact.
 */
export function isOneOf<K extends string>(labels: Readonly<Record<K, string>>, value: string): value is K {
  return Object.hasOwn(labels, value);
}

export const SEN_STATUS = { N: 'Not on the register', monitoring: 'Monitoring', K: 'SEN Support', E: 'EHC plan' } satisfies Record<SenStatus, string>;
export const STATUS: Record<string, string> = SEN_STATUS;

export const NEEDS = {
  SPLD: 'Specific learning difficulty',
  MLD: 'Moderate learning difficulty',
  SLD: 'Severe learning difficulty',
  PMLD: 'Profound and multiple learning difficulty',
  SEMH: 'Social, emotional and mental health',
  SLCN: 'Speech, language and communication',
  ASD: 'Autistic spectrum disorder',
  HI: 'Hearing impairment',
  VI: 'Visual impairment',
  MSI: 'Multi-sensory impairment',
  PD: 'Physical disability',
  DS: 'Down syndrome',
  OTH: 'Other difficulty or disability',
  NSA: 'SEN support but no specialist assessment',
} satisfies Record<Need, string>;
export const NEED: Record<string, string> = NEEDS;

type Intervention = Schemas['InterventionInputDto'];
export type Area = NonNullable<Intervention['areaOfNeed']>;
export type Period = NonNullable<Intervention['frequencyPeriod']>;
export type StaffRoleCode = NonNullable<Intervention['deliveringRole']>;

export const AREAS = {
  communication_and_interaction: 'Communication and interaction',
  cognition_and_learning: 'Cognition and learning',
  social_emotional_mental_health: 'Social, emotional and mental health',
  sensory_and_physical: 'Sensory and/or physical',
} satisfies Record<Area, string>;
export const AREA: Record<string, string> = AREAS;

export const STAFF_ROLES = {
  class_teacher: 'class teacher',
  teaching_assistant: 'teaching assistant',
  senco: 'SENCO',
  specialist_teacher: 'specialist teacher',
  speech_and_language_therapist: 'speech and language therapist',
  occupational_therapist: 'occupational therapist',
  physiotherapist: 'physiotherapist',
  educational_psychologist: 'educational psychologist',
  mental_health_practitioner: 'mental health practitioner',
  school_nurse: 'school nurse',
  other: 'other',
} satisfies Record<StaffRoleCode, string>;
export const STAFF_ROLE: Record<string, string> = STAFF_ROLES;

export const PERIODS = {
  day: 'a day',
  week: 'a week',
  fortnight: 'a fortnight',
  month: 'a month',
  half_term: 'a half term',
  term: 'a term',
} satisfies Record<Period, string>;
export const PERIOD: Record<string, string> = PERIODS;

export const OUTCOME: Record<string, string> = { achieved: 'Achieved', partly_achieved: 'Partly achieved', not_achieved: 'Not achieved' };

export const DECISION: Record<string, string> = {
  continue: 'Continue SEN Support with a new plan',
  end_support: 'End SEN Support (targets met)',
  escalate: 'Ask the local authority for an EHC needs assessment',
  early_review: 'Ask the local authority for an early review of the EHC plan',
  reassessment_request: 'Ask the local authority to re-assess the EHC needs (CFA 2014 s.44)',
};

/** The review decisions open by SEN status: a pupil with an EHC plan is not assessed for one again (the API agrees). */
export const decisionsFor = (status: string | undefined): string[] =>
  status === 'E' ? ['continue', 'early_review', 'reassessment_request'] : ['continue', 'end_support', 'escalate'];

export const yearLabel = (y: string) => (y === 'R' ? 'Reception' : y.startsWith('N') ? `Nursery ${y.slice(1)}` : `Year ${y}`);

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortDate = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
export const longDate = (d: string | null | undefined) => (d ? dateFormat.format(new Date(`${d.slice(0, 10)}T12:00:00Z`)) : '—');
export const dayDate = (d: string) => shortDate.format(new Date(`${d.slice(0, 10)}T12:00:00Z`));

export function todayIso(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts;
}

/** The academic year an ISO date falls in (2026 = 2026/27, from 1 August). */
export function academicYear(date = todayIso()): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m >= 8 ? y : y - 1;
}

export const personName = (p: { preferredFirstName?: string | null; legalFirstName: string; preferredLastName?: string | null; legalLastName: string }) =>
  `${p.preferredFirstName ?? p.legalFirstName} ${p.preferredLastName ?? p.legalLastName}`;

/** A provision line as a parent would say it: "3 times a week, 20 minutes each, with a teaching assistant". */
export function provisionText(p: {
  frequencyCount?: number | null;
  frequencyPeriod?: string | null;
  minutesPerSession?: number | null;
  staffRole?: string | null;
}): string {
  const parts: string[] = [];
  if (p.frequencyCount && p.frequencyPeriod)
    parts.push(
      `${p.frequencyCount === 1 ? 'once' : p.frequencyCount === 2 ? 'twice' : `${p.frequencyCount} times`} ${PERIOD[p.frequencyPeriod] ?? p.frequencyPeriod}`,
    );
  if (p.minutesPerSession) parts.push(`${p.minutesPerSession} minutes each time`);
  if (p.staffRole) parts.push(`with a ${STAFF_ROLE[p.staffRole] ?? p.staffRole}`);
  return parts.join(', ');
}

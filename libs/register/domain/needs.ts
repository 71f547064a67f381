import type { FieldError } from '#libs/core';
import { quoteInput } from './values.js';

/** DfE school census "SEN need type" codes (DS from the January 2025 census). See docs/domain.md, "Census codes". */
export const NEED_CODES = ['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'ASD', 'HI', 'VI', 'MSI', 'PD', 'DS', 'OTH', 'NSA'] as const;
export type NeedCode = (typeof NEED_CODES)[number];

/** The four broad areas of need: SEND Code of Practice (2015) 6.28–6.35. */
export const AREAS_OF_NEED = ['communication_and_interaction', 'cognition_and_learning', 'social_emotional_mental_health', 'sensory_and_physical'] as const;
export type AreaOfNeed = (typeof AREAS_OF_NEED)[number];

export const NEED_LABELS: Record<NeedCode, string> = {
  SPLD: 'Specific Learning Difficulty',
  MLD: 'Moderate Learning Difficulty',
  SLD: 'Severe Learning Difficulty',
  PMLD: 'Profound & Multiple Learning Difficulty',
  SEMH: 'Social, Emotional and Mental Health',
  SLCN: 'Speech, Language and Communication Needs',
  ASD: 'Autistic Spectrum Disorder',
  HI: 'Hearing Impairment',
  VI: 'Visual Impairment',
  MSI: 'Multi-Sensory Impairment',
  PD: 'Physical Disability',
  DS: 'Down Syndrome',
  OTH: 'Other Difficulty/Disability',
  NSA: 'SEN support but no specialist assessment of type of need',
};

export const AREA_LABELS: Record<AreaOfNeed, string> = {
  communication_and_interaction: 'Communication and interaction',
  cognition_and_learning: 'Cognition and learning',
  social_emotional_mental_health: 'Social, emotional and mental health',
  sensory_and_physical: 'Sensory and/or physical needs',
};

/** DS, OTH and NSA belong to no single area (docs/domain.md, "Census codes", the need-type table). */
const AREA_OF: Record<NeedCode, AreaOfNeed | null> = {
  SPLD: 'cognition_and_learning',
  MLD: 'cognition_and_learning',
  SLD: 'cognition_and_learning',
  PMLD: 'cognition_and_learning',
  SEMH: 'social_emotional_mental_health',
  SLCN: 'communication_and_interaction',
  ASD: 'communication_and_interaction',
  HI: 'sensory_and_physical',
  VI: 'sensory_and_physical',
  MSI: 'sensory_and_physical',
  PD: 'sensory_and_physical',
  DS: null,
  OTH: null,
  NSA: null,
};

export function areaOfNeed(code: NeedCode): AreaOfNeed | null {
  return AREA_OF[code];
}

export function needCodesInArea(area: AreaOfNeed): NeedCode[] {
  return NEED_CODES.filter((code) => AREA_OF[code] === area);
}

export type NeedResult = { ok: true; code: NeedCode } | { ok: false; message: string };

/** Lower case, '&' as 'and', punctuation as spaces, plurals folded: "Learning Difficulties" = "difficulty". */
const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\bdifficulties\b/g, 'difficulty')
    .replace(/\bneeds\b/g, 'need')
    .replace(/\bdisabilities\b/g, 'disability');

const NEED_NAMES = new Map<string, NeedCode>();
for (const code of NEED_CODES) {
  NEED_NAMES.set(normalise(code), code);
  NEED_NAMES.set(normalise(NEED_LABELS[code]), code);
}
const ALIASES: Record<string, NeedCode> = {
  'autism spectrum disorder': 'ASD',
  'autistic spectrum condition': 'ASD',
  'autism spectrum condition': 'ASD',
  asc: 'ASD',
  autism: 'ASD',
  'downs syndrome': 'DS',
  'other difficulty or disability': 'OTH',
  other: 'OTH',
  'no specialist assessment': 'NSA',
};
for (const [name, code] of Object.entries(ALIASES)) NEED_NAMES.set(normalise(name), code);

export function parseNeedCode(raw: string): NeedResult {
  const key = normalise(raw);
  if (key === '') return { ok: false, message: 'no need given' };
  const code = NEED_NAMES.get(key);
  if (code) return { ok: true, code };
  if (key === 'besd' || key === 'behaviour emotional and social difficulty') {
    // docs/domain.md, "Census codes": BESD was retired in 2015; it is not a direct mapping to SEMH, so flag it.
    return {
      ok: false,
      message:
        'BESD (behaviour, emotional and social difficulty) was retired in 2015 and does not map directly to ' +
        'SEMH; review the pupil and choose a current need code',
    };
  }
  return { ok: false, message: `unknown need code ${quoteInput(raw.trim())}; use one of ${NEED_CODES.join(', ')}` };
}

/**
 * The census SEN provision codes E, K and N, plus the internal 'monitoring' stage schools keep (reported
 * to the census as N). docs/domain.md, "Census codes": internal stages such as monitoring have no census code.
 */
export const SEN_STATUSES = ['N', 'monitoring', 'K', 'E'] as const;
export type SenStatus = (typeof SEN_STATUSES)[number];

export type StatusResult = { ok: true; status: SenStatus } | { ok: false; message: string };

const STATUS_NAMES: Record<string, SenStatus> = {
  '': 'N',
  n: 'N',
  'no sen': 'N',
  none: 'N',
  'no special educational need': 'N',
  'no special educational needs': 'N',
  k: 'K',
  'sen support': 'K',
  e: 'E',
  ehcp: 'E',
  'ehc plan': 'E',
  'education health and care plan': 'E',
  m: 'monitoring',
  monitoring: 'monitoring',
};

/**
 * Legacy codes from before the Children and Families Act 2014 reforms. They are rejected, not mapped:
 * a statement usually became an EHC plan and School Action (Plus) usually SEN support or nothing, but
 * which one is a judgement the SENCO must make after review.
 */
const LEGACY: Record<string, string> = {
  s: "'S' (statement of SEN) is a legacy code; statements were replaced by EHC plans",
  statement: "'Statement' is a legacy status; statements were replaced by EHC plans",
  p: "'P' (School Action Plus) is a legacy code retired in 2015",
  'school action plus': "'School Action Plus' is a legacy status retired in 2015",
  a: "'A' (School Action) is a legacy code retired in 2015",
  'school action': "'School Action' is a legacy status retired in 2015",
};

export function parseSenStatus(raw: string): StatusResult {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
  const status = STATUS_NAMES[key];
  if (status) return { ok: true, status };
  const legacy = LEGACY[key];
  if (legacy) {
    return { ok: false, message: `${legacy}; review the pupil and record E (EHC plan), K (SEN support) or N (no SEN) instead` };
  }
  return {
    ok: false,
    message: `unknown SEN status ${quoteInput(raw.trim())}; use E (EHC plan), K (SEN support), N (no SEN) or Monitoring`,
  };
}

/**
 * Rules between a pupil's status and their needs, one error at most per field.
 * Census: K or E needs a primary need (rank 1); a secondary (rank 2) is optional; NSA means "SEN support
 * but no specialist assessment of type of need", so it is valid only for K, only as the primary need, and
 * leaves no assessed need to record second. N means no SEN, so no need. Monitoring (internal) may record a
 * suspected primary need only.
 */
export function checkNeedsForStatus(status: SenStatus, primary: NeedCode | null, secondary: NeedCode | null): FieldError[] {
  const errors: FieldError[] = [];
  const primaryError = (() => {
    if (status === 'N') return primary ? 'a pupil with no SEN (N) cannot have a need recorded' : null;
    if (!primary) {
      if (status === 'K') return 'SEN support (K) needs a primary need';
      if (status === 'E') return 'a pupil with an EHC plan (E) needs a primary need';
      return null;
    }
    if (primary === 'NSA' && status !== 'K') return 'NSA (no specialist assessment of type of need) is only valid for SEN support (K)';
    return null;
  })();
  if (primaryError) errors.push({ field: 'primaryNeed', message: primaryError });

  if (secondary) {
    const secondaryError = (() => {
      if (status === 'N') return 'a pupil with no SEN (N) cannot have a need recorded';
      if (status === 'monitoring') return 'a pupil being monitored can have a suspected primary need but no secondary need';
      if (secondary === 'NSA') return 'NSA can only be a primary need';
      if (!primary) return 'a secondary need needs a primary need';
      if (secondary === primary) return 'the secondary need must be different from the primary need';
      if (primary === 'NSA') return 'there can be no secondary need when the primary need is NSA (no assessment of type of need)';
      return null;
    })();
    if (secondaryError) errors.push({ field: 'secondaryNeed', message: secondaryError });
  }
  return errors;
}

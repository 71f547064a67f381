import type { NeedCode } from '#libs/register';

/*
 * National figures a school can set its own beside in the report ("14% of our pupils receive SEN support;
 * nationally 14.2%"). All from docs/domain.md, "National figures": DfE "Special educational needs in
 * England", January school census, all schools in England. Keep the wording the doc gives ("about",
 * "over"): some are rounded in the source.
 */

export const NATIONAL_SOURCE = 'DfE, Special educational needs in England (January school census)';

export interface NationalShares {
  /** The January census year: 2025 means January 2025, in the 2024/25 school year. */
  year: number;
  /** Pupils on SEN support (census code K) as a percentage of all pupils. */
  senSupportPercent: number;
  /** Pupils with an EHC plan (census code E) as a percentage of all pupils. */
  ehcPlanPercent: number;
  /** All pupils with SEN (K + E) as a percentage of all pupils; null where the source gives no share. */
  withSenPercent: number | null;
  /** How the source states the counts, e.g. "about 1.32 million" (for footnotes). */
  counts: { withSen: string; ehcPlan: string; senSupport: string };
  source: string;
}

// Never empty (a tuple with a first element), so there is always a year to fall back on.
const SHARES: readonly [NationalShares, ...NationalShares[]] = [
  {
    year: 2024,
    senSupportPercent: 13.6,
    ehcPlanPercent: 4.8,
    withSenPercent: 18.4,
    counts: { withSen: '1,673,205', ehcPlan: '434,354', senSupport: '1,238,851' },
    source: `${NATIONAL_SOURCE}, January 2024`,
  },
  {
    year: 2025,
    senSupportPercent: 14.2,
    ehcPlanPercent: 5.3,
    withSenPercent: 19.6,
    counts: { withSen: 'over 1.7 million', ehcPlan: '482,640', senSupport: '1,284,284' },
    source: `${NATIONAL_SOURCE}, January 2025`,
  },
  {
    // The doc gives 2026 SEN support as "about 1.32 million (14.8%)" and no share for all pupils with SEN;
    // 14.8 + 6.0 is not used in its place because the two are rounded separately.
    year: 2026,
    senSupportPercent: 14.8,
    ehcPlanPercent: 6.0,
    withSenPercent: null,
    counts: { withSen: 'over 1.8 million', ehcPlan: '538,547', senSupport: 'about 1.32 million' },
    source: `${NATIONAL_SOURCE}, January 2026`,
  },
];

/** The years we have figures for, oldest first. */
export const NATIONAL_SHARE_YEARS: readonly number[] = SHARES.map((s) => s.year);

/**
 * The national figures to compare with a report for `year` (a January census year): the latest year we
 * have at or before it, so a report is never compared with figures published after it; before our first
 * year, the earliest we have.
 */
export function nationalShares(year: number): NationalShares {
  let chosen = SHARES[0];
  for (const shares of SHARES) if (shares.year <= year) chosen = shares;
  return chosen;
}

export interface CommonNeed {
  code: NeedCode;
  /** Share of the pupils in the group whose primary need this is. */
  percent: number;
}

/** 2025: the most common primary need of pupils with EHC plans, and of pupils on SEN support. */
export const MOST_COMMON_PRIMARY_NEEDS_2025: {
  readonly year: 2025;
  readonly ehcPlan: CommonNeed;
  readonly senSupport: CommonNeed;
  readonly source: string;
} = {
  year: 2025,
  ehcPlan: { code: 'ASD', percent: 33.6 },
  senSupport: { code: 'SLCN', percent: 25.7 },
  source: `${NATIONAL_SOURCE}, January 2025`,
};

/** A whole-number estimate, or 'under 1' where the doc gives no figure but "under 1". */
export type EstimatedPercent = number | 'under 1';

export interface NeedMixRow {
  code: NeedCode;
  primary: EstimatedPercent;
  secondary: EstimatedPercent;
}

/**
 * ESTIMATES, not DfE statistics: the likely mix of primary needs among pupils on SEN support, by phase,
 * from docs/domain.md ("estimates, label them so"). SLCN is far more common in primary schools and SPLD
 * about twice as common in secondary. Whole numbers sum to 99; the three 'under 1' rows make up the rest.
 * Anything shown to a user from this must say it is an estimate: use SEN_SUPPORT_NEED_MIX_LABEL.
 */
export const SEN_SUPPORT_NEED_MIX_ESTIMATE: readonly NeedMixRow[] = [
  { code: 'SLCN', primary: 32, secondary: 12 },
  { code: 'SEMH', primary: 20, secondary: 26 },
  { code: 'MLD', primary: 15, secondary: 15 },
  { code: 'SPLD', primary: 9, secondary: 23 },
  { code: 'ASD', primary: 7, secondary: 8 },
  { code: 'NSA', primary: 5, secondary: 4 },
  { code: 'OTH', primary: 4, secondary: 4 },
  { code: 'PD', primary: 3, secondary: 3 },
  { code: 'HI', primary: 2, secondary: 2 },
  { code: 'VI', primary: 1, secondary: 1 },
  { code: 'SLD', primary: 1, secondary: 1 },
  { code: 'MSI', primary: 'under 1', secondary: 'under 1' },
  { code: 'PMLD', primary: 'under 1', secondary: 'under 1' },
  { code: 'DS', primary: 'under 1', secondary: 'under 1' },
];

export const SEN_SUPPORT_NEED_MIX_LABEL = 'Estimated primary needs of pupils on SEN support, by phase (an estimate, not official statistics)';

/** The phase a report compares with: from the school record (schools.phase). */
export type ComparisonPhase = 'primary' | 'secondary' | 'special';

/** One national figure set beside the school's, with where it comes from and the census year it is from. */
export interface NationalFigure {
  /** As the source states it: "19.4%", "about 3–4%". */
  value: string;
  /** The January census year the figure is from. */
  year: number;
  source: string;
}

/** What the report compares the school's own figures with, chosen by its phase. */
export interface NationalComparison {
  /** The phase compared with; null for a school type we hold no comparable figures for. */
  phase: ComparisonPhase | null;
  /** Whose figures these are, in England, e.g. "mainstream primary schools". */
  basis: string;
  senSupport: NationalFigure | null;
  ehcPlan: NationalFigure | null;
  withSen: NationalFigure | null;
  /** Shown under the table: why a figure is missing, or what the figures are. */
  note: string;
}

const MAINSTREAM_2025 = `${NATIONAL_SOURCE}, January 2025: 56.2% of pupils with EHC plans are in mainstream schools`;
const PHASE_2026 = `${NATIONAL_SOURCE}, January 2026 (SEN prevalence by phase)`;

/**
 * Mainstream figures (docs/domain.md, "National figures"): all-school rates (5–6% EHC plans) overstate what a
 * mainstream school should expect, because 43.8% of pupils with EHC plans are in special and other schools.
 * The doc gives mainstream rates for 2025 only as ranges ("about 3–4%", "about 14–15%"); they are restated as
 * ranges, not as invented exact figures. Prevalence of SEN by phase is given for 2026 only.
 */
const MAINSTREAM: { ehcPlan: NationalFigure; senSupport: NationalFigure } = {
  ehcPlan: { value: 'about 3–4%', year: 2025, source: MAINSTREAM_2025 },
  senSupport: { value: 'about 14–15%', year: 2025, source: MAINSTREAM_2025 },
};
const WITH_SEN_BY_PHASE: Record<'primary' | 'secondary', NationalFigure> = {
  primary: { value: '19.4%', year: 2026, source: PHASE_2026 },
  secondary: { value: '17.6%', year: 2026, source: PHASE_2026 },
};

/** schools.phase → the phase compared with. Middle and all-through schools are mainstream but of no single phase. */
export function comparisonPhase(schoolPhase: string): ComparisonPhase | 'mainstream' | null {
  if (schoolPhase === 'primary' || schoolPhase === 'secondary' || schoolPhase === 'special') return schoolPhase;
  if (schoolPhase === 'middle' || schoolPhase === 'all-through' || schoolPhase === 'mixed-mainstream') return 'mainstream';
  return null;
}

/**
 * The national figures for a report whose census year is `censusYear` (January of the academic year's end),
 * for a school of `schoolPhase`. A figure from a later census than the report's is never used: the report
 * would otherwise compare the school with figures not yet published when its year ended.
 */
export function nationalComparison(schoolPhase: string, censusYear: number): NationalComparison {
  const phase = comparisonPhase(schoolPhase);
  const upTo = (f: NationalFigure) => (f.year <= censusYear ? f : null);
  if (phase === null || phase === 'special') {
    return {
      phase: phase === 'special' ? 'special' : null,
      basis: 'no national comparison',
      senSupport: null,
      ehcPlan: null,
      withSen: null,
      note: 'No national comparison is shown: the national figures we hold are for mainstream schools, which this school is not.',
    };
  }
  const withSen = phase === 'mainstream' ? null : upTo(WITH_SEN_BY_PHASE[phase]);
  const figures = { senSupport: upTo(MAINSTREAM.senSupport), ehcPlan: upTo(MAINSTREAM.ehcPlan), withSen };
  const cited = [figures.senSupport, figures.ehcPlan, figures.withSen].filter((f): f is NationalFigure => f !== null);
  return {
    phase: phase === 'mainstream' ? null : phase,
    basis: phase === 'mainstream' ? 'mainstream schools' : `mainstream ${phase} schools`,
    ...figures,
    note:
      cited.length === 0
        ? `No national comparison is shown: the national figures we hold were published after January ${censusYear}.`
        : `National figures: ${[...new Set(cited.map((f) => f.source))].join('; ')}.`,
  };
}

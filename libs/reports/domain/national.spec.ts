import {
  MOST_COMMON_PRIMARY_NEEDS_2025,
  NATIONAL_SHARE_YEARS,
  SEN_SUPPORT_NEED_MIX_ESTIMATE,
  SEN_SUPPORT_NEED_MIX_LABEL,
  comparisonPhase,
  nationalComparison,
  nationalShares,
} from './national.js';

describe('nationalShares', () => {
  it('holds the January 2024–2026 figures from the domain doc', () => {
    expect(NATIONAL_SHARE_YEARS).toEqual([2024, 2025, 2026]);
    expect(nationalShares(2024)).toMatchObject({ senSupportPercent: 13.6, ehcPlanPercent: 4.8, withSenPercent: 18.4 });
    expect(nationalShares(2025)).toMatchObject({ senSupportPercent: 14.2, ehcPlanPercent: 5.3, withSenPercent: 19.6 });
    expect(nationalShares(2026)).toMatchObject({ senSupportPercent: 14.8, ehcPlanPercent: 6.0, withSenPercent: null });
    expect(nationalShares(2026).counts.senSupport).toBe('about 1.32 million');
    expect(nationalShares(2025).source).toMatch(/Special educational needs in England.*January 2025/);
  });

  it('chooses the latest year at or before the one asked for, or the earliest', () => {
    expect(nationalShares(2025).year).toBe(2025);
    expect(nationalShares(2030).year).toBe(2026);
    expect(nationalShares(2025.5).year).toBe(2025);
    expect(nationalShares(2023).year).toBe(2024);
    expect(nationalShares(1990).year).toBe(2024);
  });
});

describe('other national figures', () => {
  it('gives the most common primary needs of 2025', () => {
    expect(MOST_COMMON_PRIMARY_NEEDS_2025.ehcPlan).toEqual({ code: 'ASD', percent: 33.6 });
    expect(MOST_COMMON_PRIMARY_NEEDS_2025.senSupport).toEqual({ code: 'SLCN', percent: 25.7 });
  });

  it('labels the SEN support need mix as an estimate; each phase comes to about 100', () => {
    expect(SEN_SUPPORT_NEED_MIX_LABEL).toMatch(/estimate/i);
    for (const phase of ['primary', 'secondary'] as const) {
      const values = SEN_SUPPORT_NEED_MIX_ESTIMATE.map((row) => row[phase]);
      const whole = values.filter((v): v is number => typeof v === 'number');
      expect(whole.reduce((a, b) => a + b, 0)).toBe(99);
      expect(values.filter((v) => v === 'under 1')).toHaveLength(3);
    }
    expect(new Set(SEN_SUPPORT_NEED_MIX_ESTIMATE.map((r) => r.code)).size).toBe(14);
    const slcn = SEN_SUPPORT_NEED_MIX_ESTIMATE.find((r) => r.code === 'SLCN')!;
    const spld = SEN_SUPPORT_NEED_MIX_ESTIMATE.find((r) => r.code === 'SPLD')!;
    expect([slcn.primary, slcn.secondary, spld.primary, spld.secondary]).toEqual([32, 12, 9, 23]);
  });
});

describe('nationalComparison', () => {
  it('compares a primary or secondary school with mainstream figures and its own phase, each with source and year', () => {
    const primary = nationalComparison('primary', 2026);
    expect(primary).toMatchObject({ phase: 'primary', basis: 'mainstream primary schools' });
    expect(primary.ehcPlan).toMatchObject({ value: 'about 3–4%', year: 2025 });
    expect(primary.senSupport).toMatchObject({ value: 'about 14–15%', year: 2025 });
    expect(primary.withSen).toMatchObject({ value: '19.4%', year: 2026 });
    expect(nationalComparison('secondary', 2026).withSen).toMatchObject({ value: '17.6%', year: 2026 });
    for (const f of [primary.ehcPlan!, primary.senSupport!, primary.withSen!]) expect(f.source).toMatch(/Special educational needs in England.*January 20\d\d/);
    expect(primary.note).toMatch(/January 2025.*January 2026/);
  });

  it('never uses a figure from a census after the report’s', () => {
    const c = nationalComparison('primary', 2025);
    expect(c.withSen).toBeNull();
    expect(c.ehcPlan?.year).toBe(2025);
    const early = nationalComparison('secondary', 2024);
    expect([early.senSupport, early.ehcPlan, early.withSen]).toEqual([null, null, null]);
    expect(early.note).toMatch(/published after January 2024/);
  });

  it('compares a special school (or a nursery, AP or post-16 setting) with nothing, saying why; middle and all-through with mainstream', () => {
    expect(comparisonPhase('special')).toBe('special');
    const special = nationalComparison('special', 2026);
    expect([special.senSupport, special.ehcPlan, special.withSen]).toEqual([null, null, null]);
    expect(special.note).toMatch(/mainstream schools, which this school is not/);
    expect(nationalComparison('alternative-provision', 2026).phase).toBeNull();
    const middle = nationalComparison('middle', 2026);
    expect(middle).toMatchObject({ phase: null, basis: 'mainstream schools', withSen: null });
    expect(middle.ehcPlan?.value).toBe('about 3–4%');
  });
});

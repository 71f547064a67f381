import { CENSUS_NEED_CODES, toCensusRow, validPrimaryNeeds, validSecondaryNeeds } from './census-export.js';

const DATE = '2026-01-15';
const row = (status: 'N' | 'monitoring' | 'K' | 'E', primaryNeed: string | null = null, secondaryNeed: string | null = null) =>
  ({ upn: 'B801200005001', status, primaryNeed, secondaryNeed }) as Parameters<typeof toCensusRow>[0];

describe('census values', () => {
  it('holds the DfE need types; NSA for K only; DS from the January 2025 census', () => {
    expect(CENSUS_NEED_CODES).toEqual(['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH']);
    expect(validPrimaryNeeds('K', DATE)).toContain('NSA');
    expect(validPrimaryNeeds('E', DATE)).not.toContain('NSA');
    expect(validSecondaryNeeds('K', DATE)).not.toContain('NSA');
    expect(validPrimaryNeeds('E', DATE)).toContain('DS');
    expect(validPrimaryNeeds('E', '2024-01-18')).not.toContain('DS');
    expect(validPrimaryNeeds('N', DATE)).toEqual([]);
  });

  it('returns monitoring as N with no need, even with a suspected need recorded', () => {
    expect(toCensusRow(row('monitoring', 'SLCN'), DATE)).toEqual({ upn: 'B801200005001', provision: 'N', primaryNeed: null, secondaryNeed: null });
    expect(toCensusRow(row('N'), DATE)).toMatchObject({ provision: 'N', primaryNeed: null });
  });

  it('returns K and E with their needs; drops a secondary need that repeats the primary or is NSA', () => {
    expect(toCensusRow(row('K', 'NSA'), DATE)).toMatchObject({ provision: 'K', primaryNeed: 'NSA', secondaryNeed: null });
    expect(toCensusRow(row('E', 'ASD', 'SLCN'), DATE)).toMatchObject({ provision: 'E', primaryNeed: 'ASD', secondaryNeed: 'SLCN' });
    expect(toCensusRow(row('K', 'SEMH', 'SEMH'), DATE)).toMatchObject({ secondaryNeed: null });
    expect(toCensusRow(row('K', 'SEMH', 'NSA'), DATE)).toMatchObject({ secondaryNeed: null });
  });

  it('names the problem where the census would reject the pupil: K or E without a valid primary need', () => {
    expect(toCensusRow(row('K'), DATE)).toEqual({ upn: 'B801200005001', problem: 'SEN support pupil has no primary need' });
    expect(toCensusRow(row('E', 'NSA'), DATE)).toMatchObject({ problem: expect.stringMatching(/NSA.*only for SEN support/) });
    expect(toCensusRow(row('E', 'DS'), '2024-01-18')).toMatchObject({ problem: expect.stringMatching(/DS, which is not a census need type/) });
  });
});

import {
  AREAS_OF_NEED,
  AREA_LABELS,
  NEED_CODES,
  NEED_LABELS,
  areaOfNeed,
  checkNeedsForStatus,
  needCodesInArea,
  parseNeedCode,
  parseSenStatus,
} from './needs.js';

describe('need codes and areas', () => {
  it('follows the domain table: every code has a label, DS/OTH/NSA have no area', () => {
    expect(NEED_CODES.filter((code) => areaOfNeed(code) === null)).toEqual(['DS', 'OTH', 'NSA']);
    expect(needCodesInArea('cognition_and_learning')).toEqual(['SPLD', 'MLD', 'SLD', 'PMLD']);
    expect(needCodesInArea('communication_and_interaction')).toEqual(['SLCN', 'ASD']);
    expect(needCodesInArea('social_emotional_mental_health')).toEqual(['SEMH']);
    expect(needCodesInArea('sensory_and_physical')).toEqual(['HI', 'VI', 'MSI', 'PD']);
    for (const code of NEED_CODES) expect(NEED_LABELS[code]).toBeTruthy();
    for (const area of AREAS_OF_NEED) expect(AREA_LABELS[area]).toBeTruthy();
  });
});

describe('parseNeedCode', () => {
  it('accepts every code in any case and its label', () => {
    for (const code of NEED_CODES) {
      expect(parseNeedCode(code.toLowerCase())).toEqual({ ok: true, code });
      expect(parseNeedCode(NEED_LABELS[code])).toEqual({ ok: true, code });
    }
  });

  it.each([
    ['Speech, Language and Communication Needs', 'SLCN'],
    ['autistic spectrum disorder', 'ASD'],
    ['Autism', 'ASD'],
    ["Down's Syndrome", 'DS'],
    ['Profound and Multiple Learning Difficulties', 'PMLD'],
    ['  spld ', 'SPLD'],
  ])('%s → %s', (raw, code) => {
    expect(parseNeedCode(raw)).toEqual({ ok: true, code });
  });

  it('refuses BESD, explaining it is retired and not the same as SEMH', () => {
    for (const raw of ['BESD', 'Behaviour, Emotional and Social Difficulties']) {
      const result = parseNeedCode(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toContain('retired in 2015');
        expect(result.message).toContain('does not map directly to SEMH');
        expect(result.message).toContain('choose a current need code');
      }
    }
  });

  it('lists the valid codes for an unknown one', () => {
    expect(parseNeedCode('XYZ')).toEqual({
      ok: false,
      message: "unknown need code 'XYZ'; use one of SPLD, MLD, SLD, PMLD, SEMH, SLCN, ASD, HI, VI, MSI, PD, DS, OTH, NSA",
    });
    expect(parseNeedCode('')).toEqual({ ok: false, message: 'no need given' });
  });
});

describe('parseSenStatus', () => {
  it.each([
    ['K', 'K'],
    ['SEN Support', 'K'],
    ['SEN support', 'K'],
    ['k', 'K'],
    ['E', 'E'],
    ['EHC Plan', 'E'],
    ['EHCP', 'E'],
    ['Education, Health and Care Plan', 'E'],
    ['N', 'N'],
    ['No SEN', 'N'],
    ['None', 'N'],
    ['', 'N'],
    ['  ', 'N'],
    ['Monitoring', 'monitoring'],
    ['M', 'monitoring'],
  ])('%p → %s', (raw, status) => {
    expect(parseSenStatus(raw)).toEqual({ ok: true, status });
  });

  it.each([
    ['S', 'statement of SEN'],
    ['P', 'School Action Plus'],
    ['A', 'School Action'],
    ['Statement', 'statements were replaced by EHC plans'],
    ['School Action Plus', 'School Action Plus'],
  ])('rejects the legacy code %s, naming it and the codes to use', (raw, meaning) => {
    const result = parseSenStatus(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(meaning);
      expect(result.message).toContain('legacy');
      expect(result.message).toContain('record E (EHC plan), K (SEN support) or N (no SEN) instead');
    }
  });

  it('names the valid statuses for an unknown one', () => {
    expect(parseSenStatus('Wave 3')).toEqual({
      ok: false,
      message: "unknown SEN status 'Wave 3'; use E (EHC plan), K (SEN support), N (no SEN) or Monitoring",
    });
  });
});

describe('checkNeedsForStatus', () => {
  const fields = (errors: { field: string }[]) => errors.map((error) => error.field);

  it('accepts the valid combinations', () => {
    expect(checkNeedsForStatus('K', 'SLCN', 'SEMH')).toEqual([]);
    expect(checkNeedsForStatus('E', 'ASD', null)).toEqual([]);
    expect(checkNeedsForStatus('K', 'NSA', null)).toEqual([]);
    expect(checkNeedsForStatus('N', null, null)).toEqual([]);
    expect(checkNeedsForStatus('monitoring', null, null)).toEqual([]);
    expect(checkNeedsForStatus('monitoring', 'SPLD', null)).toEqual([]);
  });

  it('K and E need a primary need', () => {
    expect(checkNeedsForStatus('K', null, null)).toEqual([{ field: 'primaryNeed', message: 'SEN support (K) needs a primary need' }]);
    expect(checkNeedsForStatus('E', null, null)).toEqual([{ field: 'primaryNeed', message: 'a pupil with an EHC plan (E) needs a primary need' }]);
  });

  it('N has no needs at all', () => {
    expect(fields(checkNeedsForStatus('N', 'MLD', 'SEMH'))).toEqual(['primaryNeed', 'secondaryNeed']);
    expect(checkNeedsForStatus('N', 'MLD', null)[0]!.message).toBe('a pupil with no SEN (N) cannot have a need recorded');
  });

  it('monitoring allows a suspected primary need but no secondary', () => {
    expect(checkNeedsForStatus('monitoring', 'SLCN', 'SEMH')).toEqual([
      { field: 'secondaryNeed', message: 'a pupil being monitored can have a suspected primary need but no secondary need' },
    ]);
  });

  it('NSA is only a primary need, only for K, and leaves no secondary', () => {
    expect(checkNeedsForStatus('E', 'NSA', null)).toEqual([
      { field: 'primaryNeed', message: 'NSA (no specialist assessment of type of need) is only valid for SEN support (K)' },
    ]);
    expect(fields(checkNeedsForStatus('monitoring', 'NSA', null))).toEqual(['primaryNeed']);
    expect(checkNeedsForStatus('K', 'SLCN', 'NSA')).toEqual([{ field: 'secondaryNeed', message: 'NSA can only be a primary need' }]);
    expect(fields(checkNeedsForStatus('K', 'NSA', 'SEMH'))).toEqual(['secondaryNeed']);
  });

  it('a secondary need needs a different primary need', () => {
    expect(checkNeedsForStatus('K', null, 'SEMH')).toEqual([
      { field: 'primaryNeed', message: 'SEN support (K) needs a primary need' },
      { field: 'secondaryNeed', message: 'a secondary need needs a primary need' },
    ]);
    expect(checkNeedsForStatus('E', 'ASD', 'ASD')).toEqual([{ field: 'secondaryNeed', message: 'the secondary need must be different from the primary need' }]);
  });
});

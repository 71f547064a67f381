import { OTHER_NEEDS, RARE_NEED_BELOW, SMALL_REGISTER_BELOW, breakdownWithheld, mergeRareNeeds } from './disclosure.js';

describe('mergeRareNeeds', () => {
  it('merges every need fewer than 5 pupils have (SEN support and EHC plans together), and OTH, into "other", listed last', () => {
    expect(RARE_NEED_BELOW).toBe(5);
    const rows = mergeRareNeeds([
      { need: 'SLCN', senSupport: 12, ehcPlan: 3 },
      { need: 'HI', senSupport: 1, ehcPlan: 0 },
      { need: 'SEMH', senSupport: 6, ehcPlan: 0 },
      { need: 'VI', senSupport: 0, ehcPlan: 2 },
      { need: 'OTH', senSupport: 5, ehcPlan: 0 },
      { need: 'PD', senSupport: 3, ehcPlan: 2 },
    ]);
    // PD has 5 pupils in all, so it keeps its row; HI and VI are merged and no longer named.
    expect(rows).toEqual([
      { need: 'SLCN', senSupport: 12, ehcPlan: 3 },
      { need: 'SEMH', senSupport: 6, ehcPlan: 0 },
      { need: 'PD', senSupport: 3, ehcPlan: 2 },
      { need: OTHER_NEEDS, senSupport: 6, ehcPlan: 2 },
    ]);
  });

  it('adds no "other" row when nothing is rare, and drops needs nobody has', () => {
    expect(
      mergeRareNeeds([
        { need: 'ASD', senSupport: 7, ehcPlan: 0 },
        { need: 'MLD', senSupport: 0, ehcPlan: 0 },
      ]),
    ).toEqual([{ need: 'ASD', senSupport: 7, ehcPlan: 0 }]);
  });
});

describe('breakdownWithheld', () => {
  it('withholds the breakdown of a register under 10 pupils, saying why', () => {
    expect(SMALL_REGISTER_BELOW).toBe(10);
    expect(breakdownWithheld(6, 3)).toMatch(/fewer than 10 pupils on our SEN register/);
    expect(breakdownWithheld(10, 0)).toBeNull();
  });

  it('withholds it when the SEN support or EHC plan total is itself 1–4', () => {
    expect(breakdownWithheld(20, 2)).toMatch(/fewer than 5 pupils have an education, health and care plan/);
    expect(breakdownWithheld(3, 12)).toMatch(/fewer than 5 pupils receive SEN support/);
    expect(breakdownWithheld(20, 5)).toBeNull();
  });

  it('has nothing to withhold when nobody is on the register', () => {
    expect(breakdownWithheld(0, 0)).toBeNull();
  });
});

import type { PupilPlanFacts, QualityContext } from '../domain/plan.types.js';
import { checkPupilPlan } from './plan-quality.js';

const ctx: QualityContext = { today: '2025-03-10', reviewIntervalWeeks: 12, sencoReachable: true, calendar: { terms: [], closures: [] } };
const pupil = (overrides: Partial<PupilPlanFacts>): PupilPlanFacts => ({
  pupilId: 'pupil-1',
  status: 'K',
  registerSince: null,
  cycles: [],
  statusSince: '2025-01-06',
  noticePendingSince: null,
  reports: [],
  deliveries: [],
  ...overrides,
});
const gap = (code: string) => ({ code, text: `Expectation ${code}`, framework: 'Test authority OAP' });
const oapFlags = (facts: PupilPlanFacts) => checkPupilPlan(facts, ctx).filter((f) => f.code === 'oap_not_evidenced');

describe('the quality check and ordinarily available provision', () => {
  it('oap_not_evidenced: raised per expectation not evidenced for a pupil on SEN Support, cleared once evidenced or not applicable', () => {
    const flags = oapFlags(pupil({ oapGaps: [gap('SEMH-3'), gap('SEMH-4'), gap('SEMH-5')] }));
    expect(flags.map((f) => [f.subject, f.subjectId])).toEqual([
      ['pupil', 'pupil-1'],
      ['pupil', 'pupil-1'],
      ['pupil', 'pupil-1'],
    ]);
    expect(flags[0]!.message).toContain('Test authority OAP expects');
    expect(flags[0]!.message).toContain('(SEMH-3): "Expectation SEMH-3"');
    expect(flags[0]!.rule).toMatch(/Children and Families Act 2014 s\.30/);
    // Evidenced or marked not applicable, an expectation is no longer a gap; with none left, no flag.
    expect(oapFlags(pupil({ oapGaps: [] }))).toEqual([]);
    expect(oapFlags(pupil({}))).toEqual([]);
  });

  it('oap_not_evidenced: not raised for a pupil with an EHC plan, being monitored or off the register', () => {
    for (const status of ['E', 'monitoring', 'N'] as const)
      expect({ status, flags: oapFlags(pupil({ status, oapGaps: [gap('S1')] })) }).toEqual({ status, flags: [] });
  });
});

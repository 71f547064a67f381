import type { CycleFacts, OapCycleFacts, PupilPlanFacts, QualityContext } from '../domain/plan.types.js';
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

  describe('the prompt to consider an EHC needs assessment', () => {
    // A reviewed cycle whose one target was achieved or not, and the same cycle beside the framework.
    const reviewed = (n: number, heldOn: string, outcome: 'achieved' | 'not_achieved'): CycleFacts => ({
      id: `cycle-${n}`,
      number: n,
      status: 'reviewed',
      openedOn: heldOn,
      review: {
        id: `review-${n}`,
        heldOn,
        dueOn: null,
        attendees: [],
        parentViews: null,
        decision: 'continue',
        outcomes: [{ targetId: `t-${n}`, outcome, measuredValue: '3 of 10' }],
      },
      versions: [
        {
          id: `v-${n}`,
          version: 1,
          status: 'superseded',
          startsOn: heldOn,
          agreedOn: heldOn,
          reviewDate: heldOn,
          needs: [],
          pupilViews: null,
          homeSupport: null,
          involvement: null,
          targets: [
            {
              id: `t-${n}`,
              description: 'Stay in class',
              areaOfNeed: null,
              measure: null,
              baseline: null,
              successCriterion: null,
              targetDate: null,
              carriedFromId: null,
            },
          ],
          provisions: [],
        },
      ],
    });
    const beside = (n: number, from: string, to: string, fullyEvidenced: boolean): OapCycleFacts => ({
      cycleId: `cycle-${n}`,
      from,
      to,
      fullyEvidenced,
      delivered: ['Weekly ELSA session', 'Nurture group'],
      targetsMet: false,
      framework: 'Test authority OAP',
    });
    const prompt = (facts: PupilPlanFacts) => checkPupilPlan(facts, ctx).filter((f) => f.code === 'oap_evidenced_targets_unmet');
    const twoCycles = (outcomes: ['achieved' | 'not_achieved', 'achieved' | 'not_achieved'], evidenced: [boolean, boolean]) =>
      pupil({
        cycles: [reviewed(1, '2024-12-06', outcomes[0]), reviewed(2, '2025-03-07', outcomes[1])],
        oapCycles: [beside(1, '2024-09-09', '2024-12-06', evidenced[0]), beside(2, '2024-12-06', '2025-03-07', evidenced[1])],
      });

    it('appears once the framework was provided in full for two review cycles running with targets unmet, with that evidence', () => {
      const [flag, ...more] = prompt(twoCycles(['not_achieved', 'not_achieved'], [true, true]));
      expect(more).toEqual([]);
      expect(flag!.message).toContain(
        'all of it was provided for two review cycles running (9 September 2024 to 7 March 2025: Weekly ELSA session; Nurture group)',
      );
      expect(flag!.message).toMatch(/consider asking the local authority for an EHC needs assessment, and the parents can ask for one themselves\.$/);
      expect(flag!.rule).toMatch(/Children and Families Act 2014 s\.36/);
    });

    it('does not appear after one such cycle, when targets were met, or when a cycle left the framework short', () => {
      expect(prompt(pupil({ cycles: [reviewed(1, '2025-03-07', 'not_achieved')], oapCycles: [beside(1, '2024-12-06', '2025-03-07', true)] }))).toEqual([]);
      expect(prompt(twoCycles(['not_achieved', 'achieved'], [true, true]))).toEqual([]);
      expect(prompt(twoCycles(['achieved', 'not_achieved'], [true, true]))).toEqual([]);
      expect(prompt(twoCycles(['not_achieved', 'not_achieved'], [false, true]))).toEqual([]);
      expect(prompt(twoCycles(['not_achieved', 'not_achieved'], [true, false]))).toEqual([]);
      // Not for a pupil whose needs are already met through an EHC plan.
      expect(prompt({ ...twoCycles(['not_achieved', 'not_achieved'], [true, true]), status: 'E' })).toEqual([]);
    });
  });
});

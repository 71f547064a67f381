import { compareWithFramework, perWeek, plainWords, type DeliveredProvision, type ExpectationFacts } from './compare.js';

const e = (code: string, extra: Partial<ExpectationFacts> = {}): ExpectationFacts => ({
  code,
  areaOfNeed: 'social_emotional_mental_health',
  level: null,
  text: `Expectation ${code}`,
  evidence: 'intervention',
  interventionKind: 'ELSA',
  frequencyCount: 1,
  frequencyPeriod: 'week',
  ...extra,
});
const line = (description: string, extra: Partial<DeliveredProvision> = {}): DeliveredProvision => ({
  source: 'plan_provision',
  description,
  interventionName: null,
  frequencyCount: 1,
  frequencyPeriod: 'week',
  sessionsAttended: null,
  ...extra,
});
const semh = new Set(['social_emotional_mental_health'] as const);

describe('comparing a pupil with the framework', () => {
  it('counts a day as five school days a week', () => {
    expect(perWeek(1, 'day')).toBe(5);
    expect(perWeek(null, 'week')).toBeNull();
  });

  it('a plan line of the kind at the frequency evidences an intervention; less often does not', () => {
    const [weekly] = compareWithFramework([e('A')], semh, [line('Weekly ELSA session')], [], new Map());
    expect(weekly).toMatchObject({ status: 'evidenced', evidencedBy: 'plan_provision', evidenceDescription: 'Weekly ELSA session' });
    const [thin] = compareWithFramework([e('A')], semh, [line('ELSA', { frequencyCount: 1, frequencyPeriod: 'month' })], [], new Map());
    expect(thin?.status).toBe('not_evidenced');
  });

  it('a group counts only once the pupil attended a delivered session', () => {
    const group = (sessionsAttended: number) => line('Nurture', { source: 'intervention', interventionName: 'ELSA group', sessionsAttended });
    expect(compareWithFramework([e('A')], semh, [group(0)], [], new Map())[0]?.status).toBe('not_evidenced');
    expect(compareWithFramework([e('A')], semh, [group(2)], [], new Map())[0]).toMatchObject({ status: 'evidenced', evidencedBy: 'intervention' });
  });

  it('an adjustment is evidenced by one recorded under its code; a mark says not applicable; other areas are left out', () => {
    const adjustment = e('B', { evidence: 'adjustment', interventionKind: null, frequencyCount: null, frequencyPeriod: null });
    const other = e('C', { areaOfNeed: 'cognition_and_learning' });
    const results = compareWithFramework(
      [adjustment, e('A'), other],
      semh,
      [],
      [{ expectationCode: 'b', description: 'Meet and greet', startedOn: '2026-01-05' }],
      new Map([['a', 'Already has a counsellor weekly']]),
    );
    expect(results.map((r) => [r.code, r.status])).toEqual([
      ['B', 'evidenced'],
      ['A', 'not_applicable'],
    ]);
    expect(plainWords(results[1]!)).toMatch(/does not apply to your child, because: Already has a counsellor weekly/);
  });
});

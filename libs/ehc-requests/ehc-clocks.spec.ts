import { addMonths } from '#libs/core';
import { appealRightsOf, clocksOf, requestStateOf, type ExceptionFact, type OutcomeFact } from './ehc-clocks.js';
import { checkOutcome } from './ehc-request.rules.js';

let n = 0;
const fact = (outcome: OutcomeFact['outcome'], on: string): OutcomeFact => ({ id: `f${(n += 1)}`, outcome, on });
const RECEIVED = fact('received', '2026-01-05');
const clock = (facts: OutcomeFact[], asOf: string, name: string, exceptions: ExceptionFact[] = []) =>
  clocksOf(facts, exceptions, asOf).find((c) => c.clock === name)!;

describe('the statutory clocks of a request', () => {
  it('runs the 6, 16 and 20 week clocks from the day the authority received the request', () => {
    const clocks = clocksOf([RECEIVED], [], '2026-01-12');
    expect(clocks.map((c) => [c.clock, c.dueOn, c.state, c.daysLeft])).toEqual([
      ['assess_decision', '2026-02-16', 'running', 35],
      ['issue_decision', '2026-04-27', 'running', 105],
      ['final_plan', '2026-05-25', 'running', 133],
      ['school_advice', null, 'not_applicable', null],
    ]);
  });

  it('has no clock for a draft that the authority has not received', () => {
    expect(clocksOf([], [], '2026-01-12').every((c) => c.state === 'not_applicable' && c.dueOn === null)).toBe(true);
  });

  it('meets a clock on the recorded decision and misses one decided late or not at all', () => {
    expect(clock([RECEIVED, fact('agreed_to_assess', '2026-02-16')], '2026-03-01', 'assess_decision')).toMatchObject({ state: 'met', doneOn: '2026-02-16' });
    expect(clock([RECEIVED, fact('agreed_to_assess', '2026-02-17')], '2026-03-01', 'assess_decision')).toMatchObject({ state: 'missed', doneOn: '2026-02-17' });
    expect(clock([RECEIVED], '2026-02-17', 'assess_decision')).toMatchObject({ state: 'missed', daysLeft: -1 });
    expect(clock([RECEIVED], '2026-02-16', 'assess_decision')).toMatchObject({ state: 'running', daysLeft: 0 });
  });

  it('ends the later clocks after a refusal to assess, and the final plan after a refusal to issue', () => {
    const refused = [RECEIVED, fact('refused_to_assess', '2026-02-10')];
    expect(clock(refused, '2026-06-01', 'issue_decision').state).toBe('not_applicable');
    expect(clock(refused, '2026-06-01', 'final_plan').state).toBe('not_applicable');
    const noPlan = [RECEIVED, fact('agreed_to_assess', '2026-02-10'), fact('refused_to_issue', '2026-04-20')];
    expect(clock(noPlan, '2026-06-01', 'issue_decision')).toMatchObject({ state: 'met', doneOn: '2026-04-20' });
    expect(clock(noPlan, '2026-06-01', 'final_plan').state).toBe('not_applicable');
  });

  it('counts a draft plan as the decision to issue, and the issued plan at week 19 as on time', () => {
    const facts = [RECEIVED, fact('agreed_to_assess', '2026-02-10'), fact('draft_plan', '2026-04-20'), fact('plan_issued', '2026-05-18')];
    expect(clock(facts, '2026-06-01', 'issue_decision')).toMatchObject({ state: 'met', doneOn: '2026-04-20' });
    expect(clock(facts, '2026-06-01', 'final_plan')).toMatchObject({ state: 'met', doneOn: '2026-05-18', dueOn: '2026-05-25' });
  });

  it("runs the school's advice clock 6 weeks from the authority's request for it", () => {
    const facts = [RECEIVED, fact('agreed_to_assess', '2026-02-10'), fact('advice_requested', '2026-02-12')];
    expect(clock(facts, '2026-03-01', 'school_advice')).toMatchObject({ dueOn: '2026-03-26', state: 'running', daysLeft: 25 });
    expect(clock([...facts, fact('advice_sent', '2026-03-20')], '2026-04-01', 'school_advice')).toMatchObject({ state: 'met', doneOn: '2026-03-20' });
  });

  it('pauses a clock while a recorded exception is in force without moving its due date, and shows the exception', () => {
    const exception: ExceptionFact = { id: 'x1', clock: 'final_plan', kind: 'away_from_area', startsOn: '2026-05-01', endsOn: '2026-06-10', note: null };
    const during = clock([RECEIVED], '2026-05-30', 'final_plan', [exception]);
    expect(during).toMatchObject({ state: 'paused', dueOn: '2026-05-25', exceptions: [exception] });
    const after = clock([RECEIVED], '2026-06-11', 'final_plan', [exception]);
    expect(after).toMatchObject({ state: 'missed', dueOn: '2026-05-25', exceptions: [exception] });
  });

  it('makes every open clock not applicable once the request is withdrawn', () => {
    expect(clocksOf([RECEIVED, fact('withdrawn', '2026-01-20')], [], '2026-03-01').map((c) => c.state)).toEqual([
      'not_applicable',
      'not_applicable',
      'not_applicable',
      'not_applicable',
    ]);
    expect(requestStateOf([RECEIVED, fact('withdrawn', '2026-01-20')])).toBe('withdrawn');
  });
});

describe('the right of appeal after a refusal', () => {
  it('is 2 months from the decision letter, or 1 month from a later mediation certificate', () => {
    const refused = [RECEIVED, fact('refused_to_assess', '2026-02-10')];
    expect(appealRightsOf(refused)).toMatchObject({ decision: 'refused_to_assess', appealBy: '2026-04-10', mediationCertificateOn: null });
    expect(appealRightsOf([...refused, fact('mediation_certificate', '2026-03-30')])?.appealBy).toBe('2026-04-30');
    expect(appealRightsOf([...refused, fact('mediation_certificate', '2026-02-20')])?.appealBy).toBe('2026-04-10');
    expect(appealRightsOf([RECEIVED])).toBeNull();
  });

  it('adds calendar months, ending on the last day of a shorter month', () => {
    expect(addMonths('2025-12-31', 2)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', 1)).toBe('2026-02-15');
  });
});

describe('the order of outcomes', () => {
  const TODAY = '2026-12-01';
  it('names occurredOn for a decision before the receipt', () => {
    expect(checkOutcome([RECEIVED], 'agreed_to_assess', '2026-01-02', TODAY)).toEqual([
      { field: 'occurredOn', message: expect.stringContaining('before the authority received the request') },
    ]);
  });

  it('refuses an issued plan after a refusal to assess, naming the outcome', () => {
    const errors = checkOutcome([RECEIVED, fact('refused_to_assess', '2026-02-10')], 'plan_issued', '2026-05-01', TODAY);
    expect(errors).toEqual([{ field: 'outcome', message: expect.stringContaining('refused to assess') }]);
  });

  it('asks for the receipt before anything else, and refuses a second decision or a future date', () => {
    expect(checkOutcome([], 'agreed_to_assess', '2026-02-10', TODAY)[0]?.field).toBe('outcome');
    expect(checkOutcome([RECEIVED, fact('agreed_to_assess', '2026-02-10')], 'refused_to_assess', '2026-02-11', TODAY)[0]?.field).toBe('outcome');
    expect(checkOutcome([RECEIVED], 'agreed_to_assess', '2026-12-02', TODAY)[0]?.field).toBe('occurredOn');
  });

  it('accepts the statutory order: receipt, decision to assess, advice, draft, plan', () => {
    const facts: OutcomeFact[] = [];
    for (const [outcome, on] of [
      ['received', '2026-01-05'],
      ['agreed_to_assess', '2026-02-10'],
      ['advice_requested', '2026-02-12'],
      ['advice_sent', '2026-03-20'],
      ['draft_plan', '2026-04-20'],
      ['plan_issued', '2026-05-18'],
    ] as const) {
      expect(checkOutcome(facts, outcome, on, TODAY)).toEqual([]);
      facts.push(fact(outcome, on));
    }
    expect(requestStateOf(facts)).toBe('issued');
  });

  it('lets mediation and an appeal follow a refusal but not precede it', () => {
    const refused = [RECEIVED, fact('refused_to_assess', '2026-02-10')];
    expect(checkOutcome(refused, 'mediation_certificate', '2026-03-01', TODAY)).toEqual([]);
    expect(checkOutcome(refused, 'appeal_lodged', '2026-02-01', TODAY)[0]?.field).toBe('occurredOn');
    expect(checkOutcome([RECEIVED], 'appeal_lodged', '2026-02-01', TODAY)[0]?.field).toBe('outcome');
  });
});

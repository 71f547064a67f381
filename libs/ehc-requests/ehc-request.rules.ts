import type { FieldError } from '#libs/core';
import type { EhcOutcome, OutcomeFact } from './ehc-clocks.js';

const APPEAL_STEPS: EhcOutcome[] = ['mediation', 'mediation_certificate', 'appeal_lodged'];
const ISSUE_STEPS: EhcOutcome[] = ['refused_to_issue', 'draft_plan', 'plan_issued'];

/**
 * Whether an outcome may follow the facts already in force, in the order the SEND Regulations 2014 set
 * (docs/domain.md, "EHC timescales"): errors name the field (`outcome` or `occurredOn`) and say why.
 */
export function checkOutcome(facts: OutcomeFact[], outcome: EhcOutcome, on: string, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const at = (o: EhcOutcome) => facts.find((f) => f.outcome === o);
  const date = (message: string) => errors.push({ field: 'occurredOn', message });
  const wrong = (message: string) => errors.push({ field: 'outcome', message });
  if (on > today) date(`occurredOn ${on} is in the future; record an outcome on or after the day it happens`);

  const received = at('received');
  if (outcome === 'received') {
    if (received) wrong(`the authority's receipt is already recorded (${received.on}); correct that entry instead`);
    return errors;
  }
  if (!received) {
    wrong('record the day the authority received the request first');
    return errors;
  }
  if (on < received.on) date(`occurredOn ${on} is before the authority received the request (${received.on})`);
  const withdrawn = at('withdrawn');
  if (withdrawn) {
    wrong(`the request was withdrawn on ${withdrawn.on}; nothing follows a withdrawn request`);
    return errors;
  }
  const issued = at('plan_issued');
  if (issued && !APPEAL_STEPS.includes(outcome)) wrong(`the plan was issued on ${issued.on}; only mediation or an appeal can follow`);

  const refusedAssess = at('refused_to_assess');
  const agreed = at('agreed_to_assess');
  const after = (fact: OutcomeFact | undefined, what: string) => {
    if (fact && on < fact.on) date(`occurredOn ${on} is before ${what} (${fact.on})`);
  };
  switch (outcome) {
    case 'refused_to_assess':
    case 'agreed_to_assess': {
      const decided = refusedAssess ?? agreed;
      if (decided) wrong(`the decision whether to assess is already recorded (${decided.outcome}, ${decided.on}); correct that entry instead`);
      break;
    }
    case 'advice_requested':
    case 'refused_to_issue':
    case 'draft_plan':
    case 'plan_issued': {
      if (refusedAssess) {
        wrong(
          `the authority refused to assess on ${refusedAssess.on}: there is no ${outcome.replaceAll('_', ' ')} after a refusal to assess; correct the refusal if it was recorded by mistake`,
        );
        break;
      }
      if (!agreed) {
        wrong(`record the authority's decision to assess first`);
        break;
      }
      after(agreed, 'the decision to assess');
      if (outcome === 'advice_requested' && at('advice_requested')) wrong("the request for the school's advice is already recorded");
      if (ISSUE_STEPS.includes(outcome)) {
        const refusedIssue = at('refused_to_issue');
        if (refusedIssue) wrong(`the authority refused to issue a plan on ${refusedIssue.on}; correct that entry if it was a mistake`);
        const draft = at('draft_plan');
        if (outcome === 'draft_plan' && draft) wrong(`the draft plan is already recorded (${draft.on})`);
        if (outcome === 'plan_issued') after(draft, 'the draft plan');
        if (outcome === 'refused_to_issue' && draft) wrong(`a draft plan was recorded on ${draft.on}; the decision to issue was made`);
      }
      break;
    }
    case 'advice_sent': {
      const asked = at('advice_requested');
      if (!asked) wrong('record the day the authority asked the school for advice first');
      else if (at('advice_sent')) wrong("the school's advice is already recorded as sent");
      else after(asked, "the authority asked for the school's advice");
      break;
    }
    case 'mediation':
    case 'mediation_certificate':
    case 'appeal_lodged': {
      const decision = at('refused_to_issue') ?? refusedAssess ?? issued;
      if (!decision) wrong(`${outcome.replaceAll('_', ' ')} follows a refusal or an issued plan; neither is recorded`);
      else after(decision, `the decision (${decision.outcome})`);
      break;
    }
    case 'withdrawn':
      break;
  }
  return errors;
}

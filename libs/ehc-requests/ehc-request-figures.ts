import type { EntityManager } from 'typeorm';
import { loadViews } from './ehc-request.query.js';

/** Requests the authority received in a period, what became of them, and how many clocks were met. */
export interface EhcRequestFigures {
  requestsMade: number;
  agreedToAssess: number;
  refusedToAssess: number;
  plansIssued: number;
  refusedToIssue: number;
  withdrawn: number;
  /** Of the decisions whether to assess that were made, how many within 6 weeks; likewise final plans within 20. */
  assessDecisionsOnTime: number;
  assessDecisionsMade: number;
  finalPlansOnTime: number;
}

/** For the SEN Information Report and the head's dashboard: requests received from `from` to `to` (inclusive). */
export async function ehcRequestFigures(m: EntityManager, schoolId: string, from: string, to: string, asOf: string): Promise<EhcRequestFigures> {
  const views = (await loadViews(m, schoolId, asOf)).filter((v) => v.receivedOn !== null && v.receivedOn >= from && v.receivedOn <= to);
  const outcomes = (o: string) => views.filter((v) => v.events.some((e) => e.kind === 'outcome' && e.outcome === o && e.correctedById === null)).length;
  const clock = (name: string) => views.map((v) => v.clocks.find((c) => c.clock === name)!);
  const assess = clock('assess_decision').filter((c) => c.doneOn !== null);
  return {
    requestsMade: views.length,
    agreedToAssess: outcomes('agreed_to_assess'),
    refusedToAssess: outcomes('refused_to_assess'),
    plansIssued: outcomes('plan_issued'),
    refusedToIssue: outcomes('refused_to_issue'),
    withdrawn: outcomes('withdrawn'),
    assessDecisionsOnTime: assess.filter((c) => c.state === 'met').length,
    assessDecisionsMade: assess.length,
    finalPlansOnTime: clock('final_plan').filter((c) => c.state === 'met').length,
  };
}

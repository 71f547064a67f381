import {
  appealRightsOf,
  clocksOf,
  requestStateOf,
  type AppealRights,
  type ClockView,
  type ExceptionFact,
  type OutcomeFact,
  type RequestState,
} from './ehc-clocks.js';
import type { EhcRequestEvent } from './ehc-request-event.entity.js';
import type { EhcRequest } from './ehc-request.entity.js';

export interface EhcRequestView {
  request: EhcRequest;
  state: RequestState;
  receivedOn: string | null;
  clocks: ClockView[];
  /** After a refusal: the parents' right of appeal and its deadline, for the SENCO to advise them (nothing is sent). */
  appealRights: AppealRights | null;
  /** Every event ever recorded, oldest first, with the correction that set it aside if one did. */
  events: (EhcRequestEvent & { correctedById: string | null })[];
}

/** The facts still in force: outcomes and exceptions no correction has set aside. */
export function factsOf(events: EhcRequestEvent[]): { outcomes: OutcomeFact[]; exceptions: ExceptionFact[] } {
  const voided = new Set(events.filter((e) => e.kind === 'correction').map((e) => e.correctsId));
  const live = events.filter((e) => !voided.has(e.id));
  return {
    outcomes: live.filter((e) => e.kind === 'outcome').map((e) => ({ id: e.id, outcome: e.outcome!, on: e.occurredOn! })),
    exceptions: live
      .filter((e) => e.kind === 'exception')
      .map((e) => ({ id: e.id, clock: e.clock!, kind: e.exceptionKind!, startsOn: e.occurredOn!, endsOn: e.endsOn, note: e.note })),
  };
}

/** A request with its clocks on `asOf`, from its events (in recording order). */
export function viewOf(request: EhcRequest, events: EhcRequestEvent[], asOf: string): EhcRequestView {
  const { outcomes, exceptions } = factsOf(events);
  const correctedBy = new Map(events.filter((e) => e.kind === 'correction').map((e) => [e.correctsId, e.id]));
  return {
    request,
    state: requestStateOf(outcomes),
    receivedOn: outcomes.find((o) => o.outcome === 'received')?.on ?? null,
    clocks: clocksOf(outcomes, exceptions, asOf),
    appealRights: appealRightsOf(outcomes),
    events: events.map((e) => Object.assign(e, { correctedById: correctedBy.get(e.id) ?? null })),
  };
}

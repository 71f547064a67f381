import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditService } from '#libs/audit';
import { DomainError, invalid, notFound, requestContext, type FieldError } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { PlanReview, ProfessionalReport } from '#libs/plans';
import { Pupil, SchoolToday, SenStatusService } from '#libs/register';
import type { EhcClock, EhcExceptionKind, EhcOutcome } from './ehc-clocks.js';
import { EhcRequestEvent } from './ehc-request-event.entity.js';
import { EhcRequest, type Requester } from './ehc-request.entity.js';
import { EhcRequestQuery } from './ehc-request.query.js';
import { checkOutcome } from './ehc-request.rules.js';
import { factsOf, type EhcRequestView } from './ehc-request.view.js';

export interface NewEhcRequest {
  pupilId: string;
  requestedBy: Requester;
  receivedOn: string | null;
  reviewId: string | null;
  evidencePackOn: string | null;
  professionalReportIds: string[];
  authorityReference: string | null;
  notes: string | null;
}

export interface NewException {
  clock: EhcClock;
  kind: EhcExceptionKind;
  startsOn: string;
  endsOn: string | null;
  note: string | null;
}

/**
 * Requests for an EHC needs assessment (CFA 2014 s.36; docs/domain.md, "Parents' right to request an EHC needs
 * assessment"): recorded by the SENCO whoever asked (the school needs nobody's permission, and neither do the
 * parents), then every step appended. Nothing here touches the register until a plan is issued: support goes
 * on at SEN Support (K) and plan cycles carry on while the request runs.
 */
@Injectable()
export class EhcRequestsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly query: EhcRequestQuery,
    private readonly status: SenStatusService,
    private readonly audit: AuditService,
    private readonly today: SchoolToday,
  ) {}

  async create(scope: SchoolScope, input: NewEhcRequest): Promise<EhcRequestView> {
    const m = this.tx.manager();
    const today = await this.today.of(scope);
    const errors: FieldError[] = [];
    const pupil = await m.findOneBy(Pupil, { id: input.pupilId, schoolId: scope.schoolId });
    if (!pupil) throw notFound('Pupil');
    const current = await this.status.current(scope, pupil.id);
    if (current?.status === 'E')
      errors.push({ field: 'pupilId', message: 'the pupil already has an EHC plan: ask the authority for a re-assessment at a review instead' });
    if (input.receivedOn !== null && input.receivedOn > today) errors.push({ field: 'receivedOn', message: `receivedOn ${input.receivedOn} is in the future` });
    if (input.evidencePackOn !== null && input.evidencePackOn > today)
      errors.push({ field: 'evidencePackOn', message: `evidencePackOn ${input.evidencePackOn} is in the future` });
    if (input.evidencePackOn !== null && input.receivedOn !== null && input.evidencePackOn > input.receivedOn) {
      errors.push({
        field: 'evidencePackOn',
        message: `the evidence pack of ${input.evidencePackOn} cannot have been sent with a request received on ${input.receivedOn}`,
      });
    }
    const reports =
      input.professionalReportIds.length === 0 ? [] : await m.findBy(ProfessionalReport, { schoolId: scope.schoolId, id: In(input.professionalReportIds) });
    input.professionalReportIds.forEach((id, i) => {
      const report = reports.find((r) => r.id === id);
      if (!report || report.pupilId !== pupil.id)
        errors.push({ field: `professionalReportIds[${i}]`, message: `professional report ${id} is not one of this pupil's reports` });
    });
    let evidencePackOn = input.evidencePackOn;
    if (input.reviewId !== null) {
      const review = await m.findOneBy(PlanReview, { id: input.reviewId, schoolId: scope.schoolId });
      if (!review || review.pupilId !== pupil.id) errors.push({ field: 'reviewId', message: 'reviewId is not a review of this pupil' });
      else if (review.decision !== 'escalate')
        errors.push({ field: 'reviewId', message: `the review of ${review.heldOn} decided ${review.decision}, not to escalate` });
      // Prefilled from the review: the pack as it stood on the day the review asked for the request.
      else evidencePackOn ??= review.ehcnaRequestedOn ?? review.heldOn;
    }
    if (errors.length > 0) throw invalid(errors);

    const request = await m.save(
      m.create(EhcRequest, {
        schoolId: scope.schoolId,
        pupilId: pupil.id,
        requestedBy: input.requestedBy,
        reviewId: input.reviewId,
        evidencePackOn,
        professionalReportIds: input.professionalReportIds,
        authorityReference: input.authorityReference,
        notes: input.notes,
        createdBy: requestContext.get()?.userId ?? null,
      }),
    );
    if (input.receivedOn !== null) await this.append(scope, request, { kind: 'outcome', outcome: 'received', occurredOn: input.receivedOn, note: null });
    await this.audit.record(scope, {
      action: 'ehc_request.created',
      entityType: 'pupil',
      entityId: pupil.id,
      details: { requestId: request.id, requestedBy: input.requestedBy, reviewId: input.reviewId },
    });
    return this.query.get(scope, request.id, today);
  }

  /** Appends an outcome in its statutory order; a plan issued moves the pupil to E in this same transaction. */
  async recordOutcome(scope: SchoolScope, requestId: string, input: { outcome: EhcOutcome; occurredOn: string; note: string | null }): Promise<EhcRequestView> {
    const { request, view, today } = await this.locked(scope, requestId);
    const errors = checkOutcome(factsOf(view.events).outcomes, input.outcome, input.occurredOn, today);
    if (errors.length > 0) throw invalid(errors);
    const event = await this.append(scope, request, { kind: 'outcome', outcome: input.outcome, occurredOn: input.occurredOn, note: input.note });
    if (input.outcome === 'plan_issued') await this.moveToE(scope, request.pupilId, input.occurredOn, today);
    await this.audit.record(scope, {
      action: 'ehc_request.outcome_recorded',
      entityType: 'pupil',
      entityId: request.pupilId,
      details: { requestId, eventId: event.id, outcome: input.outcome },
    });
    return this.query.get(scope, requestId, today);
  }

  /** An exception the authority relies on (reg. 10(4), 13(3), 8(2)): shown beside the clock; the due date stays. */
  async recordException(scope: SchoolScope, requestId: string, input: NewException): Promise<EhcRequestView> {
    const { request, view, today } = await this.locked(scope, requestId);
    const errors: FieldError[] = [];
    if (view.receivedOn === null) errors.push({ field: 'clock', message: 'the request has no clock until the authority received it' });
    else if (input.startsOn < view.receivedOn)
      errors.push({ field: 'startsOn', message: `startsOn ${input.startsOn} is before the authority received the request (${view.receivedOn})` });
    if (input.startsOn > today) errors.push({ field: 'startsOn', message: `startsOn ${input.startsOn} is in the future; record an exception once it applies` });
    if (input.endsOn !== null && input.endsOn < input.startsOn)
      errors.push({ field: 'endsOn', message: `endsOn ${input.endsOn} is before startsOn ${input.startsOn}` });
    if (errors.length > 0) throw invalid(errors);
    const event = await this.append(scope, request, {
      kind: 'exception',
      clock: input.clock,
      exceptionKind: input.kind,
      occurredOn: input.startsOn,
      endsOn: input.endsOn,
      note: input.note,
    });
    await this.audit.record(scope, {
      action: 'ehc_request.exception_recorded',
      entityType: 'pupil',
      entityId: request.pupilId,
      details: { requestId, eventId: event.id, clock: input.clock, kind: input.kind },
    });
    return this.query.get(scope, requestId, today);
  }

  /** Sets a mistaken entry aside with the reason; the entry stays in the history, marked as corrected. */
  async correct(scope: SchoolScope, requestId: string, input: { eventId: string; note: string }): Promise<EhcRequestView> {
    const { request, view, today } = await this.locked(scope, requestId);
    const target = view.events.find((e) => e.id === input.eventId);
    const fail = (message: string) => {
      throw invalid([{ field: 'eventId', message }]);
    };
    if (!target) return fail('eventId is not an entry of this request');
    if (target.kind === 'correction') fail('a correction cannot itself be corrected; record the right entry again');
    if (target.correctedById !== null) fail('this entry was already corrected');
    // The register's history is the record of the plan: a wrong issue date is corrected there, by the SENCO.
    if (target.outcome === 'plan_issued') fail('the issued plan moved the pupil to E on the register; correct the SEN status there');
    const event = await this.append(scope, request, { kind: 'correction', correctsId: target.id, note: input.note });
    await this.audit.record(scope, {
      action: 'ehc_request.corrected',
      entityType: 'pupil',
      entityId: request.pupilId,
      details: { requestId, eventId: event.id, correctsId: target.id },
    });
    return this.query.get(scope, requestId, today);
  }

  /**
   * The request with its history on the school's today, under a transaction lock on its id so two entries to it
   * queue up (an advisory lock: the app role may not update requests, so it cannot take a row lock on one).
   */
  private async locked(scope: SchoolScope, requestId: string) {
    const m = this.tx.manager();
    const request = await m.findOneBy(EhcRequest, { id: requestId, schoolId: scope.schoolId });
    if (!request) throw notFound('EHC needs-assessment request');
    await m.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [`ehc_request:${request.id}`]);
    const today = await this.today.of(scope);
    return { request, today, view: await this.query.get(scope, requestId, today) };
  }

  private async append(scope: SchoolScope, request: EhcRequest, fields: Partial<EhcRequestEvent>): Promise<EhcRequestEvent> {
    const m = this.tx.manager();
    return m.save(
      m.create(EhcRequestEvent, {
        outcome: null,
        clock: null,
        exceptionKind: null,
        occurredOn: null,
        endsOn: null,
        correctsId: null,
        note: null,
        ...fields,
        schoolId: scope.schoolId,
        pupilId: request.pupilId,
        requestId: request.id,
        recordedBy: requestContext.get()?.userId ?? null,
      }),
    );
  }

  /** Through the register's own rules, so the history appends and an impossible date is refused as it is there. */
  private async moveToE(scope: SchoolScope, pupilId: string, issuedOn: string, today: string): Promise<void> {
    const current = await this.status.current(scope, pupilId);
    try {
      await this.status.change(
        scope,
        pupilId,
        {
          status: 'E',
          startDate: issuedOn,
          ehcPlanDate: issuedOn,
          primaryNeed: current?.primaryNeed ?? null,
          secondaryNeed: current?.secondaryNeed ?? null,
          reason: 'EHC plan issued by the local authority',
        },
        today,
      );
    } catch (err) {
      // The register names its own fields; here the plan's date is the outcome's occurredOn.
      if (err instanceof DomainError && err.errors) {
        throw new DomainError(
          err.status,
          err.slug,
          err.message,
          err.errors.map((e) => ({ ...e, field: ['startDate', 'ehcPlanDate'].includes(e.field) ? 'occurredOn' : e.field })),
        );
      }
      throw err;
    }
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SchoolScope } from '#libs/database';
import { EhcRequestQuery, EhcRequestsService, type EhcRequestView } from '#libs/ehc-requests';
import { AccessLogService } from '#libs/privacy';
import { SchoolToday } from '#libs/register';
import { Access, School } from '../../http/current.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { pageOf } from '../../http/paging.js';
import { Allow } from '../../http/policy.decorator.js';
import { UuidParam } from '../../http/validators.js';
import {
  EhcCorrectionInputDto,
  EhcExceptionInputDto,
  EhcOutcomeInputDto,
  EhcRequestDto,
  EhcRequestInputDto,
  EhcRequestPageDto,
  EhcRequestPageQuery,
} from './ehc-requests.dto.js';

/** Leaders read (the trust lead too, read-only as elsewhere); only the SENCO and the head record. */
const READERS = ['senco', 'head', 'trust_lead'] as const;

function toDto(v: EhcRequestView): EhcRequestDto {
  const r = v.request;
  return {
    id: r.id,
    pupilId: r.pupilId,
    requestedBy: r.requestedBy,
    reviewId: r.reviewId,
    evidencePackOn: r.evidencePackOn,
    professionalReportIds: r.professionalReportIds,
    authorityReference: r.authorityReference,
    notes: r.notes,
    state: v.state,
    receivedOn: v.receivedOn,
    clocks: v.clocks,
    appealRights: v.appealRights,
    events: v.events.map((e) => ({
      id: e.id,
      kind: e.kind,
      outcome: e.outcome,
      clock: e.clock,
      exceptionKind: e.exceptionKind,
      occurredOn: e.occurredOn,
      endsOn: e.endsOn,
      correctsId: e.correctsId,
      correctedById: e.correctedById,
      note: e.note,
      recordedAt: e.recordedAt.toISOString(),
    })),
  };
}

/**
 * Requests for an EHC needs assessment and their statutory clocks (docs/domain.md, "EHC needs-assessment requests
 * in the product"). Teachers and parents have no route here: the request is the SENCO's casework with the
 * authority; parents hear from the authority itself, and see the outcome on the register when a plan is issued.
 */
@ApiTags('ehc-requests')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class EhcRequestsController {
  constructor(
    private readonly requests: EhcRequestsService,
    private readonly query: EhcRequestQuery,
    private readonly today: SchoolToday,
    private readonly accessLog: AccessLogService,
  ) {}

  /** Records a request (a draft without `receivedOn`), optionally following a review that escalated. */
  @Allow('senco', 'head')
  @Post('ehc-requests')
  @ApiCreatedResponse({ type: EhcRequestDto })
  async create(@School() school: SchoolScope, @Body() body: EhcRequestInputDto): Promise<EhcRequestDto> {
    return toDto(
      await this.requests.create(school, {
        pupilId: body.pupilId,
        requestedBy: body.requestedBy,
        receivedOn: body.receivedOn ?? null,
        reviewId: body.reviewId ?? null,
        evidencePackOn: body.evidencePackOn ?? null,
        professionalReportIds: body.professionalReportIds ?? [],
        authorityReference: body.authorityReference ?? null,
        notes: body.notes ?? null,
      }),
    );
  }

  /** The school's requests, newest first, each with its clocks; `state` filters. */
  @Allow(...READERS)
  @Get('ehc-requests')
  @ApiOkResponse({ type: EhcRequestPageDto })
  async list(@School() school: SchoolScope, @Query() q: EhcRequestPageQuery): Promise<EhcRequestPageDto> {
    const { offset, limit } = pageOf(q);
    const page = await this.query.page(school, await this.today.of(school), { state: q.state }, offset, limit);
    return { ...page, items: page.items.map((v) => ({ ...toDto(v), pupilName: v.pupilName })) };
  }

  @Allow(...READERS)
  @Get('ehc-requests/:requestId')
  @ApiOkResponse({ type: EhcRequestDto })
  async get(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('requestId', new UuidParam('requestId')) requestId: string,
  ): Promise<EhcRequestDto> {
    const view = await this.query.get(school, requestId, await this.today.of(school));
    // A request carries the evidence sent about one child: the data protection officer can account for each read.
    await this.accessLog.read(school, view.request.pupilId, 'ehc_request', access.roles);
    return toDto(view);
  }

  @Allow(...READERS)
  @Get('pupils/:pupilId/ehc-requests')
  @ApiOkResponse({ type: [EhcRequestDto] })
  async forPupil(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
  ): Promise<EhcRequestDto[]> {
    const views = await this.query.forPupil(school, pupilId, await this.today.of(school));
    if (views.length > 0) await this.accessLog.read(school, pupilId, 'ehc_request', access.roles);
    return views.map(toDto);
  }

  /** Appends an outcome in its statutory order; "plan_issued" moves the pupil to E on the register. */
  @Allow('senco', 'head')
  @Post('ehc-requests/:requestId/outcomes')
  @HttpCode(200)
  @ApiOkResponse({ type: EhcRequestDto })
  async outcome(
    @School() school: SchoolScope,
    @Param('requestId', new UuidParam('requestId')) requestId: string,
    @Body() body: EhcOutcomeInputDto,
  ): Promise<EhcRequestDto> {
    return toDto(await this.requests.recordOutcome(school, requestId, { outcome: body.outcome, occurredOn: body.occurredOn, note: body.note ?? null }));
  }

  /** Records an exception the authority relies on; it is shown beside the clock, whose due date stays. */
  @Allow('senco', 'head')
  @Post('ehc-requests/:requestId/exceptions')
  @HttpCode(200)
  @ApiOkResponse({ type: EhcRequestDto })
  async exception(
    @School() school: SchoolScope,
    @Param('requestId', new UuidParam('requestId')) requestId: string,
    @Body() body: EhcExceptionInputDto,
  ): Promise<EhcRequestDto> {
    return toDto(
      await this.requests.recordException(school, requestId, {
        clock: body.clock,
        kind: body.kind,
        startsOn: body.startsOn,
        endsOn: body.endsOn ?? null,
        note: body.note ?? null,
      }),
    );
  }

  /** Sets a mistaken entry aside (appended; nothing is deleted). */
  @Allow('senco', 'head')
  @Post('ehc-requests/:requestId/corrections')
  @HttpCode(200)
  @ApiOkResponse({ type: EhcRequestDto })
  async correct(
    @School() school: SchoolScope,
    @Param('requestId', new UuidParam('requestId')) requestId: string,
    @Body() body: EhcCorrectionInputDto,
  ): Promise<EhcRequestDto> {
    return toDto(await this.requests.correct(school, requestId, { eventId: body.eventId, note: body.note }));
  }
}

import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { notFound } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { EhcPlansService, EhcReviewsQuery, EhcReviewsService, type EhcPlan, type TransferSetting } from '#libs/ehc-plans';
import { AccessLogService } from '#libs/privacy';
import { PupilsService } from '#libs/register';
import { Access, School } from '../../http/current.decorator.js';
import { pageOf } from '../../http/paging.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { pupilViewer } from '../../http/viewers.js';
import { UuidParam } from '../../http/validators.js';
import {
  EhcAdviceInputDto,
  EhcCirculationInputDto,
  EhcDecisionInputDto,
  EhcPlanVersionDto,
  EhcReviewDto,
  EhcInvitationInputDto,
  EhcInviteeDto,
  IssuedPlanInputDto,
  EhcMeetingInputDto,
  PupilEhcPlanDto,
  EhcRecordedPlanDto,
  EhcReportInputDto,
  EhcReviewPageDto,
  EhcReviewPageQuery,
  EhcReviewRequestDto,
  EhcScheduleDto,
} from './ehc-plans.dto.js';

const toVersion = (p: EhcPlan): EhcPlanVersionDto => ({
  id: p.id,
  version: p.version,
  issuedOn: p.issuedOn,
  authority: p.authority,
  outcomes: p.outcomes,
  transferSetting: p.transferSetting,
  proposedAmendedOn: p.proposedAmendedOn,
  finalAmendedOn: p.finalAmendedOn,
});

/**
 * EHC plans and their reviews (docs/domain.md, "EHC plan reviews and re-assessment"). The SENCO or head records
 * the plan and runs each review; a parent reads their own child's plan, invitations, circulated advice and
 * reports (row-level security shows them no other child's: another child's is "not found").
 */
@ApiTags('ehc-plans')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class EhcPlansController {
  constructor(
    private readonly plans: EhcPlansService,
    private readonly reviews: EhcReviewsService,
    private readonly query: EhcReviewsQuery,
    private readonly pupils: PupilsService,
    private readonly accessLog: AccessLogService,
  ) {}

  /** The pupil's EHC plan versions and reviews, with the people invited and the advice received. */
  @Allow('senco', 'head', 'parent')
  @Get('pupils/:pupilId/ehc-plan')
  @ApiOkResponse({ type: PupilEhcPlanDto })
  async get(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
  ): Promise<PupilEhcPlanDto> {
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    await this.accessLog.read(school, pupilId, 'ehc_plan', access.roles);
    const versions = await this.plans.versions(school, pupilId);
    const reviews = [];
    for (const id of await this.query.ofPupil(school, pupilId)) reviews.push(await this.review(school, access, id));
    return { versions: versions.map(toVersion), reviews };
  }

  /** Records the plan the authority issued; the pupil moves to E on the register. Recording it again changes nothing. */
  @Allow('senco', 'head')
  @Post('pupils/:pupilId/ehc-plan')
  @ApiCreatedResponse({ type: EhcRecordedPlanDto })
  async record(
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Body() body: IssuedPlanInputDto,
  ): Promise<EhcRecordedPlanDto> {
    const { plan, created } = await this.plans.recordIssuedPlan(school, {
      pupilId,
      issuedOn: body.issuedOn,
      authority: body.authority,
      outcomes: body.outcomes,
      transferSetting: (body.transferSetting ?? null) as TransferSetting,
      primaryNeed: body.primaryNeed ?? null,
    });
    return { plan: toVersion(plan), created };
  }

  /** An interim or early review, at any time (asked for by the parents, or by a SEN Support review). */
  @Allow('senco', 'head')
  @Post('pupils/:pupilId/ehc-reviews')
  @ApiCreatedResponse({ type: EhcReviewDto })
  async request(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Body() body: EhcReviewRequestDto,
  ): Promise<EhcReviewDto> {
    const review = await this.reviews.request(school, pupilId, body.kind, body.requestedBy);
    return this.review(school, access, review.id);
  }

  /** Reviews not yet decided, the soonest due first. */
  @Allow('senco', 'head')
  @Get('ehc-reviews')
  @ApiOkResponse({ type: EhcReviewPageDto })
  async list(@School() school: SchoolScope, @Query() q: EhcReviewPageQuery): Promise<EhcReviewPageDto> {
    const { offset, limit } = pageOf(q);
    return { ...(await this.query.page(school, offset, limit)), offset, limit };
  }

  @Allow('senco', 'head', 'parent')
  @Get('ehc-reviews/:reviewId')
  @ApiOkResponse({ type: EhcReviewDto })
  async one(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('reviewId', new UuidParam('reviewId')) reviewId: string,
  ): Promise<EhcReviewDto> {
    const dto = await this.review(school, access, reviewId);
    await this.accessLog.read(school, dto.pupilId, 'ehc_plan', access.roles);
    return dto;
  }

  @Allow('senco', 'head')
  @Patch('ehc-reviews/:reviewId/schedule')
  @ApiOkResponse({ type: EhcReviewDto })
  async schedule(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('reviewId', new UuidParam('reviewId')) reviewId: string,
    @Body() body: EhcScheduleDto,
  ): Promise<EhcReviewDto> {
    await this.reviews.schedule(school, reviewId, body.meetingOn, body.place ?? null);
    return this.review(school, access, reviewId);
  }

  @Allow('senco', 'head')
  @Post('ehc-reviews/:reviewId/invitees')
  @ApiCreatedResponse({ type: EhcReviewDto })
  async invite(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('reviewId', new UuidParam('reviewId')) reviewId: string,
    @Body() body: EhcInvitationInputDto,
  ): Promise<EhcReviewDto> {
    await this.reviews.invite(school, reviewId, {
      invitedOn: body.invitedOn,
      recordLate: body.recordLate ?? false,
      invitees: body.invitees.map((i) => ({ role: i.role, name: i.name, adviceRequested: i.adviceRequested ?? false })),
    });
    return this.review(school, access, reviewId);
  }

  @Allow('senco', 'head')
  @Patch('ehc-reviews/:reviewId/invitees/:inviteeId/advice')
  @ApiOkResponse({ type: EhcInviteeDto })
  async advice(
    @School() school: SchoolScope,
    @Param('reviewId', new UuidParam('reviewId')) reviewId: string,
    @Param('inviteeId', new UuidParam('inviteeId')) inviteeId: string,
    @Body() body: EhcAdviceInputDto,
  ): Promise<EhcInviteeDto> {
    const i = await this.reviews.recordAdvice(school, reviewId, inviteeId, {
      requestedOn: body.requestedOn ?? null,
      receivedOn: body.receivedOn ?? null,
      summary: body.summary ?? null,
    });
    return {
      id: i.id,
      role: i.role,
      name: i.name,
      invitedOn: i.invitedOn,
      late: i.late,
      adviceRequestedOn: i.adviceRequestedOn,
      adviceReceivedOn: i.adviceReceivedOn,
      adviceSummary: i.adviceSummary,
    };
  }

  @Allow('senco', 'head')
  @Post('ehc-reviews/:reviewId/circulation')
  @HttpCode(200)
  @ApiOkResponse({ type: EhcReviewDto })
  async circulate(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('reviewId', new UuidParam('reviewId')) reviewId: string,
    @Body() body: EhcCirculationInputDto,
  ): Promise<EhcReviewDto> {
    await this.reviews.circulate(school, reviewId, body.circulatedOn, body.recordLate ?? false);
    return this.review(school, access, reviewId);
  }

  @Allow('senco', 'head')
  @Post('ehc-reviews/:reviewId/meeting')
  @HttpCode(200)
  @ApiOkResponse({ type: EhcReviewDto })
  async hold(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('reviewId', new UuidParam('reviewId')) reviewId: string,
    @Body() body: EhcMeetingInputDto,
  ): Promise<EhcReviewDto> {
    await this.reviews.hold(school, reviewId, {
      heldOn: body.heldOn,
      pupilViews: body.pupilViews,
      parentViews: body.parentViews,
      progress: body.progress.map((p) => ({ outcome: p.outcome, progress: p.progress })),
      recommendation: body.recommendation,
      proposedChanges: body.proposedChanges ?? null,
      preparingForAdulthood: body.preparingForAdulthood ? { ...body.preparingForAdulthood } : null,
    });
    return this.review(school, access, reviewId);
  }

  @Allow('senco', 'head')
  @Post('ehc-reviews/:reviewId/report')
  @HttpCode(200)
  @ApiOkResponse({ type: EhcReviewDto })
  async report(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('reviewId', new UuidParam('reviewId')) reviewId: string,
    @Body() body: EhcReportInputDto,
  ): Promise<EhcReviewDto> {
    await this.reviews.sendReport(school, reviewId, body.sentOn);
    return this.review(school, access, reviewId);
  }

  @Allow('senco', 'head')
  @Post('ehc-reviews/:reviewId/decision')
  @HttpCode(200)
  @ApiOkResponse({ type: EhcReviewDto })
  async decide(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('reviewId', new UuidParam('reviewId')) reviewId: string,
    @Body() body: EhcDecisionInputDto,
  ): Promise<EhcReviewDto> {
    await this.reviews.decide(school, reviewId, {
      decision: body.decision,
      decidedOn: body.decidedOn,
      proposedAmendedOn: body.proposedAmendedOn ?? null,
      finalAmendedOn: body.finalAmendedOn ?? null,
    });
    return this.review(school, access, reviewId);
  }

  private async review(school: SchoolScope, access: RequestAccess, reviewId: string): Promise<EhcReviewDto> {
    const { review: r, invitees } = await this.reviews.get(school, reviewId);
    // Fail closed: a parent sees only their own child's reviews; another's is "not found", as if it did not exist.
    await this.pupils.visible(school, pupilViewer(access), r.pupilId).catch(() => {
      throw notFound('EHC plan review');
    });
    return {
      id: r.id,
      pupilId: r.pupilId,
      planId: r.planId,
      kind: r.kind,
      requestedBy: r.requestedBy,
      status: r.status,
      dueOn: r.dueOn,
      transferDeadline: r.transferDeadline,
      holdBy: r.holdBy,
      meetingOn: r.meetingOn,
      place: r.place,
      adviceCirculatedOn: r.adviceCirculatedOn,
      adviceCirculatedLate: r.adviceCirculatedLate,
      heldOn: r.heldOn,
      pupilViews: r.pupilViews,
      parentViews: r.parentViews,
      progress: r.progress,
      preparingForAdulthood: r.preparingForAdulthood,
      recommendation: r.recommendation,
      proposedChanges: r.proposedChanges,
      reportSentOn: r.reportSentOn,
      decision: r.decision,
      decisionOn: r.decisionOn,
      invitees: invitees.map((i) => ({
        id: i.id,
        role: i.role,
        name: i.name,
        invitedOn: i.invitedOn,
        late: i.late,
        adviceRequestedOn: i.adviceRequestedOn,
        adviceReceivedOn: i.adviceReceivedOn,
        adviceSummary: i.adviceSummary,
      })),
    };
  }
}

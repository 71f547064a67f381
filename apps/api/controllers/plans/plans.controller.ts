import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { notFound } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import {
  ContributionsService,
  EvidencePackService,
  PlanQuery,
  PlansService,
  ReviewsService,
  renderEvidenceHtml,
  renderEvidencePdf,
  type PlanContent,
  type PupilPlan,
} from '#libs/plans';
import { AccessLogService } from '#libs/privacy';
import { PupilsService } from '#libs/register';
import { Access, School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { pupilViewer } from '../../http/viewers.js';
import {
  ContributionDto,
  ContributionInputDto,
  CycleDto,
  PlanContentDto,
  ProfessionalReportDto,
  ProfessionalReportInputDto,
  PupilPlanDto,
  ReviewInputDto,
  ReviewResultDto,
  VersionDto,
} from './plans.dto.js';
import { EvidencePackQuery } from './plans-query.dto.js';
import { canSee, toCycleDto, toPupilPlanDto, toReportDto, toReviewDto, toVersionDto, type Reader } from './plans.mappers.js';

const READERS = ['senco', 'head', 'trust_lead', 'teacher', 'parent'] as const;
const reader = (a: RequestAccess): Reader => ({
  userId: a.principal.userId,
  seesDrafts: a.scope.pupilAccess === 'all',
  isParent: a.roles.includes('parent') && a.scope.pupilAccess !== 'all',
});

/**
 * Support plans: the Assess–Plan–Do–Review cycles of the graduated approach. The SENCO (or head) writes and
 * reviews them; a teacher of the pupil and the pupil's parents read what was agreed and give their views.
 */
@ApiTags('plans')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly reviews: ReviewsService,
    private readonly contributions: ContributionsService,
    private readonly query: PlanQuery,
    private readonly evidence: EvidencePackService,
    private readonly pupils: PupilsService,
    private readonly accessLog: AccessLogService,
  ) {}

  /** The pupil's plan: the current cycle in full, every past cycle in brief, and every red flag. */
  @Allow(...READERS)
  @Get('pupils/:pupilId/plan')
  @ApiOkResponse({ type: PupilPlanDto })
  async get(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
  ): Promise<PupilPlanDto> {
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    await this.accessLog.read(school, pupilId, 'plan', access.roles);
    return toPupilPlanDto(await this.query.pupilPlan(school, pupilId), reader(access));
  }

  /** Opens the pupil's next cycle with a first draft (the pupil must be on SEN Support or have an EHC plan). */
  @Allow('senco', 'head')
  @Post('pupils/:pupilId/plan-cycles')
  @ApiCreatedResponse({ type: CycleDto })
  async start(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Body() body: PlanContentDto,
  ): Promise<CycleDto> {
    const { cycle } = await this.plans.start(school, pupilId, toContent(body));
    return this.cycleView(access, school, pupilId, cycle.id);
  }

  @Allow(...READERS)
  @Get('plan-cycles/:cycleId')
  @ApiOkResponse({ type: CycleDto })
  async cycle(@Access() access: RequestAccess, @School() school: SchoolScope, @Param('cycleId', new UuidParam('cycleId')) cycleId: string): Promise<CycleDto> {
    const pupilId = await this.query.pupilOfCycle(school, cycleId);
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    await this.accessLog.read(school, pupilId, 'plan_cycle', access.roles);
    return this.cycleView(access, school, pupilId, cycleId);
  }

  /** One version of a plan, with its quality check; teachers and parents see agreed versions only. */
  @Allow(...READERS)
  @Get('plan-versions/:versionId')
  @ApiOkResponse({ type: VersionDto })
  async version(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('versionId', new UuidParam('versionId')) versionId: string,
  ): Promise<VersionDto> {
    const pupilId = await this.query.pupilOfVersion(school, versionId);
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    await this.accessLog.read(school, pupilId, 'plan_version', access.roles);
    const plan = await this.query.pupilPlan(school, pupilId);
    for (const c of plan.record.cycles) {
      const v = c.versions.find((x) => x.version.id === versionId);
      if (v && canSee(reader(access), v)) return toVersionDto(plan, c, v);
    }
    // A draft is the SENCO's working copy: to anyone else it does not exist yet.
    throw notFound('Plan version');
  }

  /**
   * Saves the draft of a cycle, whole (targets and provision replace the previous lists; a line that gives the
   * id of a stored target or provision keeps it). If the cycle's plan was already agreed, this makes the next
   * version; the agreed one is kept unchanged. Content identical to what is stored changes nothing (no new
   * version). The response carries the quality check of what was saved.
   */
  @Allow('senco', 'head')
  @Put('plan-cycles/:cycleId/draft')
  @ApiOkResponse({ type: VersionDto })
  async saveDraft(
    @School() school: SchoolScope,
    @Param('cycleId', new UuidParam('cycleId')) cycleId: string,
    @Body() body: PlanContentDto,
  ): Promise<VersionDto> {
    const saved = await this.plans.saveDraft(school, cycleId, toContent(body));
    return this.versionView(school, saved.pupilId, saved.id);
  }

  /** Draft → agreed: refused (422, naming what is missing) until the parents' involvement is recorded. */
  @Allow('senco', 'head')
  @Post('plan-cycles/:cycleId/agree')
  @HttpCode(200)
  @ApiOkResponse({ type: VersionDto })
  async agree(@School() school: SchoolScope, @Param('cycleId', new UuidParam('cycleId')) cycleId: string): Promise<VersionDto> {
    const v = await this.plans.agree(school, cycleId);
    return this.versionView(school, v.pupilId, v.id);
  }

  /** Agreed → active: the plan is in place and its review date is set. */
  @Allow('senco', 'head')
  @Post('plan-cycles/:cycleId/activate')
  @HttpCode(200)
  @ApiOkResponse({ type: VersionDto })
  async activate(@School() school: SchoolScope, @Param('cycleId', new UuidParam('cycleId')) cycleId: string): Promise<VersionDto> {
    const v = await this.plans.activate(school, cycleId);
    return this.versionView(school, v.pupilId, v.id);
  }

  /** Records the review of the plan in place: an outcome for every target, views, and the decision. */
  @Allow('senco', 'head')
  @Post('plan-cycles/:cycleId/review')
  @ApiCreatedResponse({ type: ReviewResultDto })
  async review(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('cycleId', new UuidParam('cycleId')) cycleId: string,
    @Body() body: ReviewInputDto,
  ): Promise<ReviewResultDto> {
    const { review, nextCycle } = await this.reviews.record(school, cycleId, {
      heldOn: body.heldOn,
      attendees: body.attendees,
      outcomes: body.outcomes.map((o) => ({ targetId: o.targetId, outcome: o.outcome, measuredValue: o.measuredValue ?? null, comment: o.comment ?? null })),
      whatWorked: body.whatWorked ?? null,
      whatDidNotWork: body.whatDidNotWork ?? null,
      parentViews: body.parentViews ?? null,
      pupilViews: body.pupilViews ?? null,
      decision: body.decision,
      ehcnaRequestedOn: body.ehcnaRequestedOn ?? null,
    });
    const plan = await this.query.pupilPlan(school, review.pupilId);
    const reviewed = plan.record.cycles.find((c) => c.cycle.id === cycleId)!;
    const next = nextCycle ? plan.record.cycles.find((c) => c.cycle.id === nextCycle.id)! : null;
    return { review: toReviewDto(reviewed.review!.review, reviewed.review!.outcomes), nextCycle: next ? toCycleDto(plan, next, reader(access)) : null };
  }

  /**
   * Views for the coming review: a parent's views of their own child's plan, or a teacher's observation of
   * progress. Row-level security hides another family's cycle, so a parent naming one gets 404.
   */
  @Allow('senco', 'head', 'teacher', 'parent')
  @Post('plan-cycles/:cycleId/contributions')
  @ApiCreatedResponse({ type: ContributionDto })
  async contribute(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('cycleId', new UuidParam('cycleId')) cycleId: string,
    @Body() body: ContributionInputDto,
  ): Promise<ContributionDto> {
    const pupilId = await this.query.pupilOfCycle(school, cycleId);
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    const author = access.scope.pupilAccess !== 'all' && access.roles.includes('parent') && !access.roles.includes('teacher') ? 'parent' : 'staff';
    const k = await this.contributions.contribute(school, cycleId, author, {
      body: body.body,
      targetId: body.targetId ?? null,
      measuredValue: body.measuredValue ?? null,
    });
    return { id: k.id, authorKind: k.authorKind, own: true, targetId: k.targetId, body: k.body, measuredValue: k.measuredValue, createdAt: k.createdAt };
  }

  @Allow(...READERS)
  @Get('pupils/:pupilId/professional-reports')
  @ApiOkResponse({ type: [ProfessionalReportDto] })
  async reports(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
  ): Promise<ProfessionalReportDto[]> {
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    await this.accessLog.read(school, pupilId, 'professional_reports', access.roles);
    return (await this.contributions.reports(school, pupilId)).map(toReportDto);
  }

  /** Advice from an outside professional: part of the Assess stage and of the evidence pack. */
  @Allow('senco', 'head')
  @Post('pupils/:pupilId/professional-reports')
  @ApiCreatedResponse({ type: ProfessionalReportDto })
  async addReport(
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Body() body: ProfessionalReportInputDto,
  ): Promise<ProfessionalReportDto> {
    return toReportDto(
      await this.contributions.addReport(school, pupilId, {
        profession: body.profession,
        professionalName: body.professionalName,
        organisation: body.organisation ?? null,
        reportDate: body.reportDate,
        summary: body.summary,
        recommendations: body.recommendations ?? null,
      }),
    );
  }

  /**
   * The evidence pack: every cycle in order — needs, targets and outcomes, provision, professionals' advice,
   * everyone's views — as JSON, accessible HTML or PDF, for a request for an EHC needs assessment.
   */
  @Allow('senco', 'head', 'parent')
  @Get('pupils/:pupilId/evidence-pack')
  @Header('cache-control', 'no-store')
  @ApiProduces('application/json', 'text/html', 'application/pdf')
  @ApiOkResponse({ description: 'The evidence pack in the format asked for', schema: { type: 'object' } })
  async evidencePack(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: EvidencePackQuery,
  ): Promise<unknown> {
    const format = query.format ?? 'json';
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    await this.accessLog.read(school, pupilId, 'evidence_pack', access.roles);
    const pack = await this.evidence.build(school, pupilId);
    const name = `evidence-pack-${pack.pupil.upn}-${pack.generatedAt.slice(0, 10)}`;
    if (format === 'html') {
      void reply.header('content-type', 'text/html; charset=utf-8').header('content-disposition', `inline; filename="${name}.html"`);
      return renderEvidenceHtml(pack);
    }
    if (format === 'pdf') {
      void reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`);
      return renderEvidencePdf(pack);
    }
    return pack;
  }

  private async cycleView(access: RequestAccess, school: SchoolScope, pupilId: string, cycleId: string): Promise<CycleDto> {
    const plan = await this.query.pupilPlan(school, pupilId);
    return toCycleDto(
      plan,
      plan.record.cycles.find((c) => c.cycle.id === cycleId)!,
      reader(access),
    );
  }

  private async versionView(school: SchoolScope, pupilId: string, versionId: string): Promise<VersionDto> {
    const plan: PupilPlan = await this.query.pupilPlan(school, pupilId);
    const cycle = plan.record.cycles.find((c) => c.versions.some((v) => v.version.id === versionId))!;
    return toVersionDto(
      plan,
      cycle,
      cycle.versions.find((v) => v.version.id === versionId)!,
    );
  }
}

function toContent(b: PlanContentDto): PlanContent {
  return {
    startsOn: b.startsOn,
    reviewDate: b.reviewDate ?? null,
    needs: b.needs ?? [],
    strengths: b.strengths ?? null,
    attainment: b.attainment ?? null,
    pupilViews: b.pupilViews ?? null,
    parentViews: b.parentViews ?? null,
    homeSupport: b.homeSupport ?? null,
    involvement: b.involvement ?? null,
    changeSummary: b.changeSummary ?? null,
    targets: (b.targets ?? []).map((t) => ({
      id: t.id ?? null,
      description: t.description,
      areaOfNeed: t.areaOfNeed ?? null,
      measure: t.measure ?? null,
      baseline: t.baseline ?? null,
      successCriterion: t.successCriterion ?? null,
      targetDate: t.targetDate ?? null,
      carriedFromId: t.carriedFromId ?? null,
    })),
    provisions: (b.provisions ?? []).map((p) => ({
      id: p.id ?? null,
      description: p.description,
      interventionId: p.interventionId ?? null,
      staffRole: p.staffRole ?? null,
      deliveredBy: p.deliveredBy ?? null,
      frequencyCount: p.frequencyCount ?? null,
      frequencyPeriod: p.frequencyPeriod ?? null,
      minutesPerSession: p.minutesPerSession ?? null,
      groupSize: p.groupSize ?? null,
      startsOn: p.startsOn ?? null,
      endsOn: p.endsOn ?? null,
    })),
  };
}

import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SchoolScope } from '#libs/database';
import { PupilOapService } from '#libs/oap';
import { AccessLogService } from '#libs/privacy';
import { PupilsService, SchoolToday } from '#libs/register';
import { Access, School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { pupilViewer } from '../../http/viewers.js';
import { summaryOf } from './framework-body.js';
import { MarkOapNotApplicableDto, PupilOapComparisonDto, RecordOapAdjustmentDto, SchoolOapFrameworkDto } from './oap.dto.js';

/**
 * A school's side of ordinarily available provision (docs/oap.md): its LA's framework, and each pupil beside it.
 * Every read of a pupil's comparison is in the access log, the writes included (they answer with it).
 */
@ApiTags('oap')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class OapController {
  constructor(
    private readonly oap: PupilOapService,
    private readonly pupils: PupilsService,
    private readonly today: SchoolToday,
    private readonly accessLog: AccessLogService,
  ) {}

  /** The framework the school uses today: its LA's, the latest version in effect (null when there is none). */
  @Allow('senco', 'head', 'teacher', 'trust_lead')
  @Get('oap-framework')
  @ApiOkResponse({ type: SchoolOapFrameworkDto })
  async framework(@School() school: SchoolScope): Promise<SchoolOapFrameworkDto> {
    const found = await this.oap.frameworkOf(school, await this.today.of(school));
    if (!found) return { framework: null, expectations: [] };
    return {
      framework: summaryOf(found.framework),
      expectations: found.expectations.map((e) => ({
        code: e.code,
        areaOfNeed: e.areaOfNeed,
        level: e.level,
        text: e.text,
        evidence: e.evidenceKind,
        interventionKind: e.interventionKind,
        frequencyCount: e.frequencyCount,
        frequencyPeriod: e.frequencyPeriod,
      })),
    };
  }

  /** The pupil beside the framework: for the SENCO, head, trust lead, a teacher of the pupil, and the pupil's parents. */
  @Allow('senco', 'head', 'trust_lead', 'teacher', 'parent')
  @Get('pupils/:pupilId/oap')
  @ApiOkResponse({ type: PupilOapComparisonDto })
  async comparison(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
  ): Promise<PupilOapComparisonDto> {
    return this.read(access, school, pupilId);
  }

  @Allow('senco', 'head')
  @Post('pupils/:pupilId/oap-adjustments')
  @ApiCreatedResponse({ type: PupilOapComparisonDto })
  async recordAdjustment(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Body() body: RecordOapAdjustmentDto,
  ): Promise<PupilOapComparisonDto> {
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    const input = { expectationCode: body.expectationCode ?? null, description: body.description.trim(), startedOn: body.startedOn };
    await this.oap.recordAdjustment(school, pupilId, input, await this.today.of(school));
    return this.read(access, school, pupilId);
  }

  @Allow('senco', 'head')
  @Put('pupils/:pupilId/oap-not-applicable')
  @ApiOkResponse({ type: PupilOapComparisonDto })
  async markNotApplicable(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Body() body: MarkOapNotApplicableDto,
  ): Promise<PupilOapComparisonDto> {
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    await this.oap.markNotApplicable(school, pupilId, body.expectationCode, body.reason?.trim() ?? null);
    return this.read(access, school, pupilId);
  }

  private async read(access: RequestAccess, school: SchoolScope, pupilId: string): Promise<PupilOapComparisonDto> {
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    await this.accessLog.read(school, pupilId, 'oap_comparison', access.roles);
    return this.oap.compare(school, pupilId, await this.today.of(school));
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SchoolScope } from '#libs/database';
import { AccessLogService } from '#libs/privacy';
import { SharedReportsService, SharesService, type ShareRecord, type SharedReport } from '#libs/sharing';
import { Access, School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { SharedReportsQuery } from './shared-reports-query.dto.js';
import { ShareDto, ShareInputDto, SharedReportDecisionDto, SharedReportDto } from './shares.dto.js';

export function toShareDto({ share, state, items, views }: ShareRecord): ShareDto {
  return {
    id: share.id,
    pupilId: share.pupilId,
    professionalName: share.professionalName,
    professionalEmail: share.professionalEmail,
    professionalRole: share.professionalRole,
    organisation: share.organisation,
    consent: { givenBy: share.consentGivenBy, relationship: share.consentRelationship, givenOn: share.consentGivenOn, purpose: share.consentPurpose },
    expiresAt: share.expiresAt.toISOString(),
    revokedAt: share.revokedAt?.toISOString() ?? null,
    state,
    items: items.map((i) => (i.kind === 'document' ? `document:${i.documentId}` : i.kind)),
    views: views.map((v) => ({ id: v.id, action: v.action, documentId: v.documentId, occurredAt: v.occurredAt.toISOString() })),
    createdAt: share.createdAt.toISOString(),
  };
}

const toReportDto = (r: SharedReport): SharedReportDto => ({
  id: r.id,
  shareId: r.shareId,
  pupilId: r.pupilId,
  professionalName: r.professionalName,
  professionalRole: r.professionalRole,
  organisation: r.organisation,
  reportDate: r.reportDate,
  summary: r.summary,
  recommendations: r.recommendations,
  status: r.status,
  professionalReportId: r.professionalReportId,
  documentId: r.documentId,
  createdAt: r.createdAt.toISOString(),
});

/**
 * Sharing a pupil's record with an outside professional (docs/security.md, "Sharing with professionals"): the
 * SENCO's casework, so the SENCO and the head only. The link itself goes to the professional by email only.
 */
@ApiTags('sharing')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class SharesController {
  constructor(
    private readonly shares: SharesService,
    private readonly reports: SharedReportsService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Allow('senco', 'head')
  @Post('pupils/:pupilId/shares')
  @ApiCreatedResponse({ type: ShareDto })
  async create(@School() school: SchoolScope, @Param('pupilId', new UuidParam('pupilId')) pupilId: string, @Body() body: ShareInputDto): Promise<ShareDto> {
    return toShareDto(
      await this.shares.create(school, pupilId, {
        professionalName: body.professionalName,
        professionalEmail: body.professionalEmail,
        professionalRole: body.professionalRole,
        organisation: body.organisation ?? null,
        consent: body.consent,
        expiresInDays: body.expiresInDays ?? null,
        summary: body.summary,
        plan: body.plan,
        documentIds: body.documentIds ?? [],
      }),
    );
  }

  @Allow('senco', 'head')
  @Get('pupils/:pupilId/shares')
  @ApiOkResponse({ type: [ShareDto] })
  async list(@School() school: SchoolScope, @Access() access: RequestAccess, @Param('pupilId', new UuidParam('pupilId')) pupilId: string): Promise<ShareDto[]> {
    const list = await this.shares.list(school, pupilId);
    await this.accessLog.read(school, pupilId, 'shared_record', access.roles);
    return list.map(toShareDto);
  }

  @Allow('senco', 'head')
  @Post('shares/:shareId/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: ShareDto })
  async revoke(@School() school: SchoolScope, @Param('shareId', new UuidParam('shareId')) shareId: string): Promise<ShareDto> {
    return toShareDto(await this.shares.revoke(school, shareId));
  }

  /** Reports sent back through share links; each pupil's is a read of their record, so it is logged. */
  @Allow('senco', 'head')
  @Get('shared-reports')
  @ApiOkResponse({ type: [SharedReportDto] })
  async sharedReports(@School() school: SchoolScope, @Access() access: RequestAccess, @Query() query: SharedReportsQuery): Promise<SharedReportDto[]> {
    const reports = await this.reports.list(school, { status: query.status });
    for (const pupilId of new Set(reports.map((r) => r.pupilId))) await this.accessLog.read(school, pupilId, 'professional_reports', access.roles);
    return reports.map(toReportDto);
  }

  @Allow('senco', 'head')
  @Post('shared-reports/:sharedReportId/decision')
  @HttpCode(200)
  @ApiOkResponse({ type: SharedReportDto })
  async decide(
    @School() school: SchoolScope,
    @Param('sharedReportId', new UuidParam('sharedReportId')) id: string,
    @Body() body: SharedReportDecisionDto,
  ): Promise<SharedReportDto> {
    return toReportDto(await this.reports.decide(school, id, body.decision));
  }
}

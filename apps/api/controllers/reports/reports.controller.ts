import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { PublicRateLimiter } from '#libs/auth';
import { invalid, rateLimited } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { renderDocumentHtml, renderDocumentMarkdown, renderDocumentPdf } from '#libs/documents';

import {
  CONTENT_TYPES,
  PublicReports,
  RENDER_FORMATS,
  sectionsFor,
  REPORT_STATUSES,
  ReportFiguresQuery,
  ReportRendersService,
  ReportsService,
  TrustReports,
  buildReportDocument,
  missingFields,
  type PublishedFigures,
  type RenderFormat,
  type ReportRender,
  type SenReport,
} from '#libs/reports';
import { RegisterQuery, SchoolToday, censusFilter } from '#libs/register';
import { TenancyService } from '#libs/tenancy';
import { ACADEMIC_YEAR } from '../../http/academic-year.js';
import { Access, School } from '../../http/current.decorator.js';
import { Allow, Public } from '../../http/policy.decorator.js';
import type { AppRequest, RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { CensusDateQuery } from '../register/census-query.dto.js';
import { CensusCheckDto } from './census-check.dto.js';
import { PublicReportQuery, ReportFormatQuery, TrustReportsQuery, type ReportFormat } from './reports-query.dto.js';
import { ReadReplica } from '../../http/read-replica.decorator.js';

const given = (_: object, value: unknown) => value !== null && value !== undefined;

class ReportInputDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Text by item key (item1, item3a … accessibility_plan); keys not sent are kept',
  })
  @IsObject()
  texts: Record<string, string>;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Complaints about SEN provision in the year, as the school records them' })
  @ValidateIf(given)
  @IsInt()
  @Min(0)
  @Max(100_000)
  complaintsCount?: number | null;
}

class ReturnInputDto {
  @ApiProperty({ description: 'What the SENCO should change' }) @IsString() @Length(1, 4000) comments: string;
}

class ReportFieldDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() text: string;
}

class ReportSectionDto {
  @ApiProperty() key: string;
  @ApiProperty() heading: string;
  @ApiProperty() source: string;
  @ApiProperty() guidance: string;
  @ApiProperty({ type: [ReportFieldDto] }) fields: ReportFieldDto[];
}

class MissingDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() section: string;
}

class ReportDto {
  @ApiProperty() id: string;
  @ApiProperty() academicYear: number;
  @ApiProperty() version: number;
  @ApiProperty({ enum: REPORT_STATUSES }) status: string;
  @ApiProperty({ type: [ReportSectionDto] }) sections: ReportSectionDto[];
  @ApiProperty({ type: [MissingDto], description: 'Required items still empty: the report cannot be submitted until there are none' }) missing: MissingDto[];
  @ApiProperty({ nullable: true, type: Number }) complaintsCount: number | null;
  @ApiProperty({ type: Object, description: 'The figures as they would be published (counts under 5 suppressed): live for a draft, fixed once published' })
  figures: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) returnComments: string | null;
  @ApiProperty({ nullable: true, type: Date }) submittedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
}

class RenderInputDto {
  @ApiProperty({ enum: RENDER_FORMATS }) @IsIn(RENDER_FORMATS, { message: `format must be one of ${RENDER_FORMATS.join(', ')}` }) format: RenderFormat;
}

class RenderDto {
  @ApiProperty() id: string;
  @ApiProperty() reportId: string;
  @ApiProperty({ enum: RENDER_FORMATS }) format: string;
  @ApiProperty({ enum: ['queued', 'done', 'failed'] }) status: string;
  @ApiProperty({ nullable: true, type: Number }) bytes: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'How long the worker took' }) renderMs: number | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() requestedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
}

const toRenderDto = (r: ReportRender): RenderDto => ({
  id: r.id,
  reportId: r.reportId,
  format: r.format,
  status: r.status,
  bytes: r.bytes,
  renderMs: r.renderMs,
  error: r.error,
  requestedAt: r.requestedAt,
  finishedAt: r.finishedAt,
});

class ReportVersionDto {
  @ApiProperty() id: string;
  @ApiProperty() academicYear: number;
  @ApiProperty() version: number;
  @ApiProperty({ enum: REPORT_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
}

function toReportDto(r: SenReport, figures: PublishedFigures | Record<string, unknown>): ReportDto {
  return {
    id: r.id,
    academicYear: r.academicYear,
    version: r.version,
    status: r.status,
    sections: sectionsFor(r.itemSet).map((s) => ({
      key: s.key,
      heading: s.heading,
      source: s.source,
      guidance: s.guidance,
      fields: s.fields.map((f) => ({ key: f.key, label: f.label, text: r.texts[f.key] ?? '' })),
    })),
    missing: missingFields(r.texts, r.itemSet),
    complaintsCount: r.complaintsCount,
    figures: figures as Record<string, unknown>,
    returnComments: r.returnComments,
    submittedAt: r.submittedAt,
    publishedAt: r.publishedAt,
  };
}

async function send(
  reply: FastifyReply,
  format: ReportFormat,
  name: string,
  report: SenReport,
  figures: PublishedFigures,
  schoolName: string,
  years?: number[],
): Promise<unknown> {
  if (format === 'json')
    return {
      academicYear: report.academicYear,
      version: report.version,
      status: report.status,
      publishedAt: report.publishedAt,
      figures,
      ...(years ? { publishedYears: years } : {}),
    };
  const doc = buildReportDocument(report, figures, schoolName);
  if (format === 'html') {
    void reply.header('content-type', 'text/html; charset=utf-8');
    return renderDocumentHtml(doc);
  }
  if (format === 'md') {
    void reply.header('content-type', 'text/markdown; charset=utf-8').header('content-disposition', `attachment; filename="${name}.md"`);
    return renderDocumentMarkdown(doc);
  }
  void reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`);
  return renderDocumentPdf(doc);
}

/**
 * The annual SEN Information Report: the SENCO writes every required item (guidance and source beside each),
 * the live figures come from the product's own data, and the head approves and publishes it.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly figures: ReportFiguresQuery,
    private readonly tenancy: TenancyService,
    private readonly register: RegisterQuery,
    private readonly today: SchoolToday,
    private readonly renders: ReportRendersService,
  ) {}

  /**
   * Asks the worker to render the year's report (its current version) in the background: poll the render,
   * then download the file. Large schools and trusts do not hold a request open while a PDF is made.
   */
  @Allow('senco', 'head', 'trust_lead')
  @Post('sen-reports/:academicYear/renders')
  @HttpCode(202)
  @ApiOkResponse({ type: RenderDto })
  async requestRender(@School() school: SchoolScope, @Param('academicYear', ACADEMIC_YEAR) year: number, @Body() body: RenderInputDto): Promise<RenderDto> {
    const report = await this.reports.current(school, year);
    if (report.version === 0) throw invalid([{ field: 'academicYear', message: 'nobody has started this year’s report yet' }]);
    return toRenderDto(await this.renders.request(school, report.id, body.format));
  }

  @Allow('senco', 'head', 'trust_lead')
  @Get('report-renders/:renderId')
  @ApiOkResponse({ type: RenderDto })
  async render(@School() school: SchoolScope, @Param('renderId', new UuidParam('renderId')) renderId: string): Promise<RenderDto> {
    return toRenderDto(await this.renders.get(school, renderId));
  }

  @Allow('senco', 'head', 'trust_lead')
  @Get('report-renders/:renderId/file')
  @Header('cache-control', 'no-store')
  @ApiProduces('application/pdf', 'text/html', 'text/markdown')
  @ApiOkResponse({ description: 'The rendered report', schema: { type: 'string' } })
  async renderFile(
    @School() school: SchoolScope,
    @Param('renderId', new UuidParam('renderId')) renderId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { content, format } = await this.renders.file(school, renderId);
    void reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="sen-information-report.${format}"`);
    return content;
  }

  @Allow('senco', 'head', 'trust_lead')
  @Get('sen-reports')
  @ApiOkResponse({ type: [ReportVersionDto] })
  async list(@School() school: SchoolScope): Promise<ReportVersionDto[]> {
    return (await this.reports.years(school)).map((r) => ({
      id: r.id,
      academicYear: r.academicYear,
      version: r.version,
      status: r.status,
      publishedAt: r.publishedAt,
    }));
  }

  /**
   * The year's report: the open version if there is one, else the latest published; a year nobody has started
   * shows version 0 (not stored; the SENCO's first save starts it). A read that writes nothing, so a replica serves it.
   */
  @Allow('senco', 'head', 'trust_lead')
  @Get('sen-reports/:academicYear')
  @ReadReplica()
  @ApiOkResponse({ type: ReportDto })
  async get(@School() school: SchoolScope, @Param('academicYear', ACADEMIC_YEAR) year: number): Promise<ReportDto> {
    const report = await this.reports.current(school, year);
    return toReportDto(report, report.figures ?? (await this.figures.published(school, year, await this.today.of(school), report.complaintsCount)));
  }

  @Allow('senco')
  @Put('sen-reports/:academicYear')
  @ApiOkResponse({ type: ReportDto })
  async save(@School() school: SchoolScope, @Param('academicYear', ACADEMIC_YEAR) year: number, @Body() body: ReportInputDto): Promise<ReportDto> {
    const errors = Object.entries(body.texts).flatMap(([k, v]) =>
      typeof v !== 'string'
        ? [{ field: `texts.${k}`, message: `texts.${k} must be text` }]
        : v.length > 20_000
          ? [{ field: `texts.${k}`, message: `texts.${k} is longer than 20,000 characters` }]
          : [],
    );
    if (errors.length > 0) throw invalid(errors);
    const r = await this.reports.save(school, year, body.texts, body.complaintsCount);
    return toReportDto(r, await this.figures.published(school, year, await this.today.of(school), r.complaintsCount));
  }

  @Allow('senco')
  @Post('sen-reports/:academicYear/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: ReportDto })
  async submit(@School() school: SchoolScope, @Param('academicYear', ACADEMIC_YEAR) year: number): Promise<ReportDto> {
    const r = await this.reports.submit(school, year);
    return toReportDto(r, await this.figures.published(school, year, await this.today.of(school), r.complaintsCount));
  }

  /** The head approves and publishes: the figures are fixed, and the public link shows this version. */
  @Allow('head')
  @Post('sen-reports/:academicYear/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: ReportDto })
  async approve(@School() school: SchoolScope, @Param('academicYear', ACADEMIC_YEAR) year: number): Promise<ReportDto> {
    const r = await this.reports.approve(school, year, await this.today.of(school));
    return toReportDto(r, r.figures!);
  }

  @Allow('head')
  @Post('sen-reports/:academicYear/return')
  @HttpCode(200)
  @ApiOkResponse({ type: ReportDto })
  async returnReport(@School() school: SchoolScope, @Param('academicYear', ACADEMIC_YEAR) year: number, @Body() body: ReturnInputDto): Promise<ReportDto> {
    const r = await this.reports.returnToSenco(school, year, body.comments);
    return toReportDto(r, await this.figures.published(school, year, await this.today.of(school), r.complaintsCount));
  }

  /** The year's report (draft or published) as HTML, PDF, Markdown, or its figures as JSON. */
  @Allow('senco', 'head', 'trust_lead')
  @Get('sen-reports/:academicYear/export')
  @ReadReplica()
  @Header('cache-control', 'no-store')
  @ApiProduces('text/html', 'application/pdf', 'text/markdown', 'application/json')
  @ApiOkResponse({ description: 'The report in the format asked for', schema: { type: 'string' } })
  async export(
    @School() school: SchoolScope,
    @Param('academicYear', ACADEMIC_YEAR) year: number,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: ReportFormatQuery,
  ): Promise<unknown> {
    const format = query.format ?? 'html';
    const report = await this.reports.current(school, year);
    const figures =
      (report.figures as PublishedFigures | null) ?? (await this.figures.published(school, year, await this.today.of(school), report.complaintsCount));
    return send(reply, format, `sen-information-report-${year}`, report, figures, (await this.tenancy.getSchool(school)).name);
  }

  /** Counts by provision (K, E) and need type as the school census will report them on a census date. */
  @Allow('senco', 'head')
  @Get('census-check')
  @ReadReplica()
  @ApiOkResponse({ description: 'Counts by provision, and by provision and primary need', type: CensusCheckDto })
  async census(@School() school: SchoolScope, @Query() { date }: CensusDateQuery): Promise<CensusCheckDto> {
    const summary = await this.register.summary(school, censusFilter(date));
    // The census knows N, K and E only: the school's own monitoring stage is returned as N.
    const byStatus = (['E', 'K', 'N'] as const).map((status) => ({
      provision: status,
      count: summary.byStatus.filter((s) => s.status === status || (status === 'N' && s.status === 'monitoring')).reduce((a, s) => a + s.count, 0),
    }));
    return {
      date,
      total: summary.total,
      byProvision: byStatus,
      byProvisionAndNeed: summary.byStatusAndNeed.filter((r) => r.status === 'K' || r.status === 'E'),
      missingNeed: summary.byStatusAndNeed.filter((r) => (r.status === 'K' || r.status === 'E') && !r.primaryNeed).reduce((a, r) => a + r.count, 0),
    };
  }
}

class TrustSchoolReportDto {
  @ApiProperty() schoolId: string;
  @ApiProperty() name: string;
  @ApiProperty() urn: string;
  @ApiProperty({ enum: REPORT_STATUSES, nullable: true }) status: string | null;
  @ApiProperty({ nullable: true, type: Number }) version: number | null;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiProperty({ type: Object }) figures: Record<string, unknown>;
}

class TrustReportsDto {
  @ApiProperty() academicYear: number;
  @ApiProperty({ type: [TrustSchoolReportDto] }) schools: TrustSchoolReportDto[];
  @ApiProperty({ type: Object, description: 'The trust’s figures added up, then suppressed like a school’s' }) rollUp: Record<string, unknown>;
}

/** A trust lead's view across the trust's schools. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller({ path: 'trust', version: '1' })
export class TrustReportsController {
  constructor(private readonly trust: TrustReports) {}

  @Allow('trust_lead')
  @Get('sen-reports')
  @ReadReplica()
  @ApiOkResponse({ type: TrustReportsDto })
  async overview(@Access() access: RequestAccess, @Query() query: TrustReportsQuery): Promise<TrustReportsDto> {
    const result = await this.trust.overview(access.scope.schoolIds, query.academicYear);
    return {
      academicYear: result.academicYear,
      schools: result.schools.map((x) => ({ ...x, figures: x.figures as unknown as Record<string, unknown> })),
      rollUp: result.rollUp as unknown as Record<string, unknown>,
    };
  }
}

/** The published report, for the school's website: no login. */
@ApiTags('reports')
@Controller({ path: 'public/sen-information-reports', version: '1' })
export class PublicReportsController {
  constructor(
    private readonly reports: PublicReports,
    private readonly limiter: PublicRateLimiter,
  ) {}

  @Public()
  @Get(':urn')
  @ApiProduces('text/html', 'application/pdf', 'text/markdown', 'application/json')
  @ApiOkResponse({ description: 'The published SEN Information Report', schema: { type: 'string' } })
  async get(
    @Param('urn') urn: string,
    @Req() request: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: PublicReportQuery,
  ): Promise<unknown> {
    const wait = await this.limiter.hit('report', request.ip);
    if (wait > 0) throw rateLimited(wait);
    const format = query.format ?? 'html';
    const found = await this.reports.find(urn, query.academicYear ?? null);
    void reply.header('cache-control', 'public, max-age=300');
    return send(
      reply,
      format,
      `sen-information-report-${urn}-${found.report.academicYear}`,
      found.report,
      found.report.figures as unknown as PublishedFigures,
      found.schoolName,
      found.years,
    );
  }
}

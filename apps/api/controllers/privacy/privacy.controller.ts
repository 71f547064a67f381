import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { invalid, isIsoDate } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { renderDocumentHtml, renderDocumentPdf } from '#libs/documents';
import {
  ACCESS_RESOURCES,
  AccessLogService,
  RETENTION_RULES,
  RETENTION_STATUSES,
  RetentionService,
  SubjectAccessService,
  TransferService,
  buildTransferDocument,
  type ExportFormat,
  type SubjectAccessExport,
} from '#libs/privacy';
import { PupilsService, SchoolToday } from '#libs/register';
import { Access, School } from '../../http/current.decorator.js';
import { OffsetPageQuery, pageOf } from '../../http/paging.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { pupilViewer } from '../../http/viewers.js';
import { AccessLogQuery, ExportFormatQuery, SchoolAccessLogQuery } from './privacy-query.dto.js';

class AccessLogEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() pupilId: string;
  @ApiProperty({ enum: ACCESS_RESOURCES, description: 'What was read' }) resource: string;
  @ApiProperty({ nullable: true, type: String }) actorUserId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The reader, as their account names them' }) actorName: string | null;
  @ApiProperty({ type: [String], description: 'The reader’s roles in this school when they read it' }) actorRoles: string[];
  @ApiProperty() occurredAt: Date;
}

class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogEntryDto] }) items: AccessLogEntryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page' }) nextCursor: string | null;
}

class SubjectAccessExportDto {
  @ApiProperty() id: string;
  @ApiProperty() pupilId: string;
  @ApiProperty({ enum: ['queued', 'done', 'failed'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) requestedBy: string | null;
  @ApiProperty() requestedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

class RetentionItemDto {
  @ApiProperty() id: string;
  @ApiProperty() pupilId: string;
  @ApiProperty() upn: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ format: 'date' }) dateOfBirth: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) leavingDate: string | null;
  @ApiProperty({ format: 'date', description: 'When the record passed the retention rule' }) dueOn: string;
  @ApiProperty({ description: 'The rule’s years: after date of birth for last_school, after leaving for transferred and never_on_register' }) ruleYears: number;
  @ApiProperty({
    enum: RETENTION_RULES,
    description:
      'last_school: date of birth + retentionYears (this is the record’s last school); transferred: the record was sent to the next school, so leaving + leaverRetentionYears; never_on_register: never on SEN support or an EHC plan, the same shorter rule',
  })
  rule: string;
  @ApiProperty({ enum: RETENTION_STATUSES }) status: string;
  @ApiProperty() listedAt: Date;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) erasedAt: Date | null;
  @ApiProperty({ nullable: true, type: Object, description: 'Rows erased (or anonymised) per table' }) erasure: Record<string, number> | null;
}

class TransferSentInputDto {
  @ApiProperty({ format: 'date', description: 'The day the SEN record was sent to the next school' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'sentOn must be a date written yyyy-mm-dd' })
  sentOn: string;
}

class TransferSentDto {
  @ApiProperty() pupilId: string;
  @ApiProperty({ format: 'date' }) recordSentOn: string;
}

class RetentionItemsQuery extends OffsetPageQuery {
  @ApiPropertyOptional({ enum: RETENTION_STATUSES }) @IsOptional() @IsString() @MaxLength(20) status?: string;
}

class RetentionPageDto {
  @ApiProperty({ description: 'Records matching, over every page' }) total: number;
  @ApiProperty() offset: number;
  @ApiProperty() limit: number;
  @ApiProperty({ type: [RetentionItemDto] }) items: RetentionItemDto[];
}

class RetentionScanDto {
  @ApiProperty({ description: 'Pupils newly listed for the head to decide on' }) listed: number;
}

const toExportDto = (e: SubjectAccessExport): SubjectAccessExportDto => ({
  id: e.id,
  pupilId: e.pupilId,
  status: e.status,
  requestedBy: e.requestedBy,
  requestedAt: e.requestedAt,
  finishedAt: e.finishedAt,
  error: e.error,
});

const CONTENT_TYPES: Record<ExportFormat, string> = { json: 'application/json; charset=utf-8', html: 'text/html; charset=utf-8', pdf: 'application/pdf' };

/**
 * The school's data-protection duties (UK GDPR): who read a child's record, the subject access export, the
 * SEN record sent on when a pupil leaves, and the retention rule with the head's approval before erasure.
 * The school's SENCO and head only; approving an erasure is the head's alone.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class PrivacyController {
  constructor(
    private readonly accessLog: AccessLogService,
    private readonly exports: SubjectAccessService,
    private readonly retention: RetentionService,
    private readonly transfers: TransferService,
    private readonly pupils: PupilsService,
    private readonly today: SchoolToday,
  ) {}

  /** Every read of this pupil's plan, reviews, evidence pack and SEN history: who, when, in which role. */
  @Allow('senco', 'head')
  @Get('pupils/:pupilId/access-log')
  @ApiOkResponse({ type: AccessLogPageDto })
  async pupilAccessLog(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Query() query: AccessLogQuery,
  ): Promise<AccessLogPageDto> {
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    return this.accessLog.list(school, { pupilId, limit: query.limit ?? 50, cursor: query.cursor });
  }

  /** The school's access log, newest first; filter by reader to answer "what did this person read?". */
  @Allow('senco', 'head')
  @Get('access-log')
  @ApiOkResponse({ type: AccessLogPageDto })
  async schoolAccessLog(@School() school: SchoolScope, @Query() query: SchoolAccessLogQuery): Promise<AccessLogPageDto> {
    return this.accessLog.list(school, { actorUserId: query.actorUserId, limit: query.limit ?? 50, cursor: query.cursor });
  }

  /**
   * Starts a subject access export of everything held about the pupil and their linked contacts (answer within
   * one month). The worker makes it as JSON, HTML and PDF: poll the export, then download a format.
   */
  @Allow('senco', 'head')
  @Post('pupils/:pupilId/subject-access-exports')
  @HttpCode(202)
  @ApiOkResponse({ type: SubjectAccessExportDto })
  async requestExport(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
  ): Promise<SubjectAccessExportDto> {
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    return toExportDto(await this.exports.request(school, pupilId));
  }

  @Allow('senco', 'head')
  @Get('pupils/:pupilId/subject-access-exports')
  @ApiOkResponse({ type: [SubjectAccessExportDto] })
  async listExports(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
  ): Promise<SubjectAccessExportDto[]> {
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    return (await this.exports.list(school, pupilId)).map(toExportDto);
  }

  @Allow('senco', 'head')
  @Get('subject-access-exports/:exportId')
  @ApiOkResponse({ type: SubjectAccessExportDto })
  async getExport(@School() school: SchoolScope, @Param('exportId', new UuidParam('exportId')) exportId: string): Promise<SubjectAccessExportDto> {
    return toExportDto(await this.exports.get(school, exportId));
  }

  /** A finished export in one format (409 until it is ready). Each download is in the access log. */
  @Allow('senco', 'head')
  @Get('subject-access-exports/:exportId/file')
  @Header('cache-control', 'no-store')
  @ApiProduces('application/json', 'text/html', 'application/pdf')
  @ApiOkResponse({ description: 'The export in the format asked for', schema: { type: 'object' } })
  async exportFile(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('exportId', new UuidParam('exportId')) exportId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: ExportFormatQuery,
  ): Promise<unknown> {
    const f = query.format ?? 'json';
    const { pupilId, body } = await this.exports.file(school, exportId, f);
    await this.accessLog.read(school, pupilId, 'subject_access_export', access.roles);
    void reply.header('content-type', CONTENT_TYPES[f]).header('content-disposition', `attachment; filename="subject-access-export.${f}"`);
    return f === 'json' ? JSON.stringify(body) : body;
  }

  /**
   * The SEN record to send to the pupil's next school (within 15 school days of their leaving): identity, SEN
   * history and every plan cycle, as JSON for the receiving system or as HTML/PDF. Needs a leaving date.
   */
  @Allow('senco', 'head')
  @Get('pupils/:pupilId/transfer-record')
  @Header('cache-control', 'no-store')
  @ApiProduces('application/json', 'text/html', 'application/pdf')
  @ApiOkResponse({ description: 'The transfer record in the format asked for', schema: { type: 'object' } })
  async transferRecord(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: ExportFormatQuery,
  ): Promise<unknown> {
    const f = query.format ?? 'json';
    const pupil = await this.pupils.visible(school, pupilViewer(access), pupilId);
    const record = await this.transfers.build(school, pupil, f);
    await this.accessLog.read(school, pupilId, 'transfer_record', access.roles);
    void reply.header('content-type', CONTENT_TYPES[f]).header('content-disposition', `attachment; filename="sen-transfer-record-${pupil.upn.trim()}.${f}"`);
    if (f === 'json') return record;
    const doc = buildTransferDocument(record);
    return f === 'html' ? renderDocumentHtml(doc) : renderDocumentPdf(doc);
  }

  /**
   * Marks the pupil's SEN record as sent to their next school. This school is then not the record's last school:
   * its copy follows the shorter rule (leaving + leaverRetentionYears), not date of birth + retentionYears.
   */
  @Allow('senco', 'head')
  @Post('pupils/:pupilId/transfer-record/sent')
  @HttpCode(200)
  @ApiOkResponse({ type: TransferSentDto })
  async transferSent(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Body() body: TransferSentInputDto,
  ): Promise<TransferSentDto> {
    if (!isIsoDate(body.sentOn)) throw invalid([{ field: 'sentOn', message: 'sentOn must be a real date written yyyy-mm-dd' }]);
    const pupil = await this.pupils.visible(school, pupilViewer(access), pupilId);
    const saved = await this.transfers.markSent(school, pupil, body.sentOn, await this.today.of(school));
    return { pupilId: saved.id, recordSentOn: saved.recordSentOn! };
  }

  /** Records past the school's retention rule and the decisions made on them, a page at a time. */
  @Allow('senco', 'head')
  @Get('retention/items')
  @ApiOkResponse({ type: RetentionPageDto })
  async retentionItems(@School() school: SchoolScope, @Query() query: RetentionItemsQuery): Promise<RetentionPageDto> {
    const page = pageOf(query);
    return { ...page, ...(await this.retention.list(school, query.status, page)) };
  }

  /** Lists now what the daily job would list tonight: pupils off roll past date of birth + the retention years. */
  @Allow('senco', 'head')
  @Post('retention/scan')
  @HttpCode(200)
  @ApiOkResponse({ type: RetentionScanDto })
  async retentionScan(@School() school: SchoolScope): Promise<RetentionScanDto> {
    return { listed: await this.retention.scan(school, await this.today.of(school)) };
  }

  /** The head approves erasing this pupil's record; the worker erases it and the audit trail records it. */
  @Allow('head')
  @Post('retention/items/:itemId/approve')
  @HttpCode(204)
  async approve(@School() school: SchoolScope, @Param('itemId', new UuidParam('itemId')) itemId: string): Promise<void> {
    await this.retention.decide(school, itemId, 'approve');
  }

  /** The head keeps the record (it is not listed again for a year). */
  @Allow('head')
  @Post('retention/items/:itemId/reject')
  @HttpCode(204)
  async reject(@School() school: SchoolScope, @Param('itemId', new UuidParam('itemId')) itemId: string): Promise<void> {
    await this.retention.decide(school, itemId, 'reject');
  }
}

import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res, type StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DocumentsService } from '#libs/attachments';
import { PublicRateLimiter } from '#libs/auth';
import { rateLimited } from '#libs/core';
import { SharedAccessService } from '#libs/sharing';
import { Public } from '../../http/policy.decorator.js';
import { UuidParam } from '../../http/validators.js';
import { documentDownload } from '../documents/document-download.js';
import { UPLOAD_BODY, uploadedFile } from '../documents/document-upload.js';
import type { AppRequest } from '../../http/tenant-request.js';
import {
  CodeRequestedDto,
  ShareCodeInputDto,
  ShareSessionDto,
  SharedFileReceiptDto,
  SharedIntroDto,
  SharedRecordDto,
  SharedReportInputDto,
  SharedReportReceiptDto,
} from './shared.dto.js';

const SESSION_HEADER = 'x-share-session';

/**
 * The professional's page: no account, the emailed link is the first credential and a one-time code emailed to
 * the same address the second. Rate-limited per client address like every public route; an unknown, expired or
 * revoked link gets one and the same 404.
 */
@ApiTags('sharing')
@Controller({ path: 'shared/:token', version: '1' })
export class SharedController {
  constructor(
    private readonly shared: SharedAccessService,
    private readonly limiter: PublicRateLimiter,
    private readonly documents: DocumentsService,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: SharedIntroDto })
  async intro(@Param('token') token: string, @Req() request: AppRequest): Promise<SharedIntroDto> {
    await this.limit(request);
    const intro = await this.shared.intro(token);
    return { ...intro, expiresAt: intro.expiresAt.toISOString() };
  }

  @Public()
  @Post('code')
  @HttpCode(202)
  @ApiOkResponse({ type: CodeRequestedDto })
  async requestCode(@Param('token') token: string, @Req() request: AppRequest): Promise<CodeRequestedDto> {
    await this.limit(request);
    await this.shared.requestCode(token);
    return { requested: true };
  }

  @Public()
  @Post('session')
  @ApiCreatedResponse({ type: ShareSessionDto })
  async openSession(@Param('token') token: string, @Req() request: AppRequest, @Body() body: ShareCodeInputDto): Promise<ShareSessionDto> {
    await this.limit(request);
    const session = await this.shared.openSession(token, body.code);
    return { sessionKey: session.sessionKey, expiresAt: session.expiresAt.toISOString() };
  }

  @Public()
  @Get('record')
  @ApiHeader({ name: SESSION_HEADER, required: true, description: 'The session key the code opened' })
  @ApiOkResponse({ type: SharedRecordDto })
  async record(@Param('token') token: string, @Req() request: AppRequest, @Headers(SESSION_HEADER) session: string | undefined): Promise<SharedRecordDto> {
    await this.limit(request);
    const content = await this.shared.content(token, session);
    return { ...content, expiresAt: content.expiresAt.toISOString() };
  }

  @Public()
  @Get('documents/:documentId')
  @ApiHeader({ name: SESSION_HEADER, required: true, description: 'The session key the code opened' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'A shared document, as an attachment with its sniffed type', schema: { type: 'string', format: 'binary' } })
  async document(
    @Param('token') token: string,
    @Param('documentId', new UuidParam('documentId')) documentId: string,
    @Req() request: AppRequest,
    @Headers(SESSION_HEADER) session: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    await this.limit(request);
    const { document, body } = await this.shared.document(token, session, documentId);
    return documentDownload(reply, document, body);
  }

  @Public()
  @Post('reports')
  @ApiHeader({ name: SESSION_HEADER, required: true, description: 'The session key the code opened' })
  @ApiCreatedResponse({ type: SharedReportReceiptDto })
  async upload(
    @Param('token') token: string,
    @Req() request: AppRequest,
    @Headers(SESSION_HEADER) session: string | undefined,
    @Body() body: SharedReportInputDto,
  ): Promise<SharedReportReceiptDto> {
    await this.limit(request);
    const report = await this.shared.upload(token, session, {
      reportDate: body.reportDate,
      summary: body.summary,
      recommendations: body.recommendations ?? null,
      organisation: body.organisation ?? null,
    });
    return { id: report.id, status: report.status };
  }

  /** The report's file, sent after the report itself (one file, streamed, scanned before the school opens it). */
  @Public()
  @Post('reports/:reportId/file')
  @ApiHeader({ name: SESSION_HEADER, required: true, description: 'The session key the code opened' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiCreatedResponse({ type: SharedFileReceiptDto })
  async uploadFile(
    @Param('token') token: string,
    @Param('reportId', new UuidParam('reportId')) reportId: string,
    @Req() request: AppRequest,
    @Headers(SESSION_HEADER) session: string | undefined,
  ): Promise<SharedFileReceiptDto> {
    await this.limit(request);
    const file = await uploadedFile(request, this.documents.maxBytes);
    const doc = await this.shared.uploadFile(token, session, reportId, file);
    return { filename: doc.filename, size: doc.size, status: doc.status };
  }

  private async limit(request: AppRequest): Promise<void> {
    const wait = await this.limiter.hit('shared', request.ip);
    if (wait > 0) throw rateLimited(wait);
  }
}

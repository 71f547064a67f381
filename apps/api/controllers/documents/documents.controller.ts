import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ALLOWED_MEDIA_TYPES, DocumentsService, type DocumentReader, type PupilDocument } from '#libs/attachments';
import { invalid } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { AccessLogService } from '#libs/privacy';
import { PupilsService } from '#libs/register';
import { Access, School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { AppRequest, RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { pupilViewer } from '../../http/viewers.js';
import { DocumentContextQuery, contextOf } from './document-context-query.dto.js';
import { documentDownload } from './document-download.js';
import { UPLOAD_BODY, uploadedFile } from './document-upload.js';
import { DocumentDto, DocumentLimitsDto, DocumentPatchDto } from './documents.dto.js';

const toDto = (d: PupilDocument): DocumentDto => ({
  id: d.id,
  pupilId: d.pupilId,
  filename: d.filename,
  mediaType: d.mediaType,
  size: d.size,
  sha256: d.sha256,
  status: d.status,
  confidential: d.confidential,
  sharedWithParents: d.sharedWithParents,
  context: d.contextKind && d.contextId ? { kind: d.contextKind, id: d.contextId } : null,
  uploaderKind: d.uploaderKind,
  createdAt: d.createdAt.toISOString(),
  scannedAt: d.scannedAt?.toISOString() ?? null,
});

/** Those who see every pupil (SENCO, head) see confidential documents; nobody else, in code as in RLS. */
const seesAll = (a: RequestAccess) => a.scope.pupilAccess === 'all';
/** A parent who is not also staff here uploads as a parent: their evidence is shown as theirs. */
const uploaderKind = (a: RequestAccess) => (a.roles.includes('parent') && !seesAll(a) && !a.roles.includes('teacher') ? 'parent' : 'staff');
const reader = (a: RequestAccess): DocumentReader => ({ seesAll: seesAll(a), parentUserId: uploaderKind(a) === 'parent' ? a.principal.userId : null });
/** The SENCO's own view, for the routes only they may use. */
const SENCO: DocumentReader = { seesAll: true, parentUserId: null };

/**
 * Documents on a pupil's record (docs/security.md, Documents): uploaded, scanned by clamd in the worker, then
 * downloadable by those who may see the pupil; confidential ones by the SENCO and head only.
 */
@ApiTags('documents')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly pupils: PupilsService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Allow('senco', 'head', 'teacher', 'parent')
  @Get('document-limits')
  @ApiOkResponse({ type: DocumentLimitsDto })
  limits(): DocumentLimitsDto {
    return { maxBytes: this.documents.maxBytes, mediaTypes: [...ALLOWED_MEDIA_TYPES] };
  }

  @Allow('senco', 'head', 'teacher', 'parent')
  @Get('pupils/:pupilId/documents')
  @ApiOkResponse({ type: [DocumentDto] })
  async list(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Query() query: DocumentContextQuery,
  ): Promise<DocumentDto[]> {
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    const list = await this.documents.list(school, pupilId, reader(access), contextOf(query));
    await this.accessLog.read(school, pupilId, 'documents', access.roles);
    return list.map(toDto);
  }

  /** The pupil is checked before the body is read: a caller who may not upload here is refused without it. */
  @Allow('senco', 'head', 'parent')
  @Post('pupils/:pupilId/documents')
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiCreatedResponse({ type: DocumentDto })
  async upload(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Req() request: AppRequest,
    @Query() query: DocumentContextQuery,
  ): Promise<DocumentDto> {
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    const context = contextOf(query);
    const kind = uploaderKind(access);
    // A parent's evidence goes on the record itself; the pieces of the record are the school's to file into.
    if (context && kind === 'parent') throw invalid([{ field: 'contextKind', message: 'parents upload to the record itself, without a context' }]);
    const file = await uploadedFile(request, this.documents.maxBytes);
    return toDto(await this.documents.upload(school, pupilId, { ...file, uploaderKind: kind, context }));
  }

  @Allow('senco', 'head', 'teacher', 'parent')
  @Get('documents/:documentId/content')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file, as an attachment with its sniffed type', schema: { type: 'string', format: 'binary' } })
  async download(
    @School() school: SchoolScope,
    @Access() access: RequestAccess,
    @Param('documentId', new UuidParam('documentId')) documentId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const doc = await this.documents.find(school, documentId, reader(access));
    await this.pupils.visible(school, pupilViewer(access), doc.pupilId);
    const body = await this.documents.content(school, doc);
    await this.accessLog.read(school, doc.pupilId, 'documents', access.roles);
    return documentDownload(reply, doc, body);
  }

  @Allow('senco')
  @Patch('documents/:documentId')
  @ApiOkResponse({ type: DocumentDto })
  async update(
    @School() school: SchoolScope,
    @Param('documentId', new UuidParam('documentId')) documentId: string,
    @Body() body: DocumentPatchDto,
  ): Promise<DocumentDto> {
    const doc = await this.documents.find(school, documentId, SENCO);
    return toDto(await this.documents.update(school, doc, body));
  }

  @Allow('senco')
  @Delete('documents/:documentId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@School() school: SchoolScope, @Param('documentId', new UuidParam('documentId')) documentId: string): Promise<void> {
    await this.documents.remove(school, await this.documents.find(school, documentId, SENCO));
  }
}

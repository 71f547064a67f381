import { Readable } from 'node:stream';
import { Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DomainError } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { StaffImportService } from '#libs/staff';
import { Access, School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { AppRequest, RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { StaffImportQuery } from './staff-import-query.dto.js';
import { StaffImportReportDto } from './staff-import.dto.js';

const CSV_BODY = { description: 'The staff CSV itself (UTF-8), sent as the request body', schema: { type: 'string' as const, format: 'binary' } };

function csvBody(request: AppRequest): Readable {
  if (!(request.body instanceof Readable)) {
    throw new DomainError(415, 'unsupported-media-type', 'Send the file itself as the request body with Content-Type: text/csv');
  }
  return request.body;
}

/** Staff and class import from the MIS: dry run first, then apply the same file (README, Staff import). */
@ApiTags('staff')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId/staff-imports', version: '1' })
export class StaffImportController {
  constructor(private readonly imports: StaffImportService) {}

  /** Dry run: per member of staff, who would be invited, whose role or classes change, and which rows are refused. Changes nothing. */
  @Allow('senco', 'head')
  @Post()
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody(CSV_BODY)
  @ApiOkResponse({ type: StaffImportReportDto })
  async dryRun(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Req() request: AppRequest,
    @Query() query: StaffImportQuery,
  ): Promise<StaffImportReportDto> {
    return this.imports.dryRun(school, access.roles, { mapping: query.mapping, mappingId: query.mappingId }, csvBody(request));
  }

  /** Applies the dry-run file: everything, or nothing if any row is now refused (422 naming the rows). */
  @Allow('senco', 'head')
  @Post(':staffImportId/commit')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody(CSV_BODY)
  @ApiOkResponse({ type: StaffImportReportDto })
  async commit(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Req() request: AppRequest,
    @Param('staffImportId', new UuidParam('staffImportId')) importId: string,
  ): Promise<StaffImportReportDto> {
    return this.imports.commit(school, access.roles, importId, csvBody(request));
  }
}

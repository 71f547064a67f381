import { Readable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, invalid } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { ImportService, SchoolToday, suggestMapping, type ImportMapping } from '#libs/register';
import {
  CommitQuery,
  DryRunQuery,
  ImportBatchDto,
  ImportMappingDto,
  ImportReportDto,
  MAPPING_NAME,
  SaveImportMappingDto,
  SuggestMappingDto,
  type ImportSummaryDto,
} from './imports.dto.js';
import { School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { AppRequest } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';

const CSV_BODY = { description: 'The CSV file itself (UTF-8), sent as the request body', schema: { type: 'string' as const, format: 'binary' } };

/** The columns a DTO instance actually names (declared-but-absent fields may exist as undefined). */
const named = (columns: object): Record<string, string> => Object.fromEntries(Object.entries(columns).filter(([, header]) => header !== undefined));

function csvBody(request: AppRequest): Readable {
  if (!(request.body instanceof Readable)) {
    throw new DomainError(415, 'unsupported-media-type', 'Send the file itself as the request body with Content-Type: text/csv');
  }
  return request.body;
}

/** MIS import: dry run first, then commit the same file. */
@ApiTags('register')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class ImportsController {
  constructor(
    private readonly imports: ImportService,
    private readonly today: SchoolToday,
  ) {}

  @Allow('senco', 'head')
  @Get('import-mappings')
  @ApiOkResponse({ type: [ImportMappingDto] })
  async mappings(@School() school: SchoolScope): Promise<ImportMapping[]> {
    return this.imports.mappings(school);
  }

  @Allow('senco', 'head')
  @Put('import-mappings/:name')
  @ApiOkResponse({ type: ImportMappingDto })
  async saveMapping(@School() school: SchoolScope, @Param('name') name: string, @Body() body: SaveImportMappingDto): Promise<ImportMapping> {
    if (!MAPPING_NAME.test(name)) throw invalid([{ field: 'name', message: 'name must be 1–64 lower-case letters, digits, - or _' }]);
    const definition = {
      pupil: named(body.pupil),
      contacts: (body.contacts ?? []).map(named),
      ...(body.surnamePosition ? { surnamePosition: body.surnamePosition } : {}),
    };
    return this.imports.saveMapping(school, name, definition);
  }

  /**
   * Guesses which of a file's columns holds each field from its header row, with the synonym table the
   * import uses ("Year Group", "NC Year", "Reg Group", "Looked After", "Contact 1 Name"…). Reads no file.
   */
  @Allow('senco', 'head')
  @Post('imports/suggest-mapping')
  @HttpCode(200)
  @ApiOkResponse({ type: ImportMappingDto })
  suggest(@Body() body: SuggestMappingDto): ImportMappingDto {
    return suggestMapping(body.headers);
  }

  @Allow('senco', 'head')
  @Get('imports')
  @ApiOkResponse({ type: [ImportBatchDto] })
  async list(@School() school: SchoolScope): Promise<ImportBatchDto[]> {
    return (await this.imports.list(school)).map((b) => ({
      id: b.id,
      mapping: b.mappingName,
      status: b.status,
      rowCount: b.rowCount,
      summary: b.summary as unknown as ImportSummaryDto,
      createdAt: b.createdAt,
      committedAt: b.committedAt,
    }));
  }

  /** Dry run: reports per row what would be created, updated or rejected, and changes nothing on the register. */
  @Allow('senco', 'head')
  @Post('imports')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody(CSV_BODY)
  @ApiOkResponse({ type: ImportReportDto })
  async dryRun(@School() school: SchoolScope, @Req() request: AppRequest, @Query() query: DryRunQuery): Promise<ImportReportDto> {
    return this.imports.dryRun(school, query.mapping ?? 'standard', csvBody(request), await this.today.of(school), { goLive: query.goLive });
  }

  /**
   * Applies the dry-run file: everything or, if any row is now rejected, nothing (422 with the report);
   * with skipRejected=true, the accepted rows, listing the rest in leftOut.
   */
  @Allow('senco', 'head')
  @Post('imports/:importId/commit')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody(CSV_BODY)
  @ApiOkResponse({ type: ImportReportDto })
  async commit(
    @School() school: SchoolScope,
    @Req() request: AppRequest,
    @Param('importId', new UuidParam('importId')) importId: string,
    @Query() query: CommitQuery,
  ): Promise<ImportReportDto> {
    const options = { goLive: query.goLive, skipRejected: query.skipRejected === 'true' };
    return this.imports.commit(school, importId, csvBody(request), await this.today.of(school), options);
  }
}

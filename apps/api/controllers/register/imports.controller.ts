import { Readable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional } from 'class-validator';
import { DomainError, invalid } from '#libs/core';
import { ImportService, SchoolToday, type ImportMapping } from '#libs/register';
import { Access } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { AppRequest, RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';

class FieldErrorDto {
  @ApiProperty() field: string;
  @ApiProperty() message: string;
}

class ImportRowDto {
  @ApiProperty({ description: 'Spreadsheet row: the header is row 1' }) row: number;
  @ApiProperty({ nullable: true, type: String }) upn: string | null;
  @ApiProperty({ enum: ['create', 'update', 'unchanged', 'reject'] }) action: string;
  @ApiProperty({ type: [String] }) changes: string[];
  @ApiProperty({ type: [FieldErrorDto] }) errors: FieldErrorDto[];
}

class ImportSummaryDto {
  @ApiProperty() create: number;
  @ApiProperty() update: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() reject: number;
}

class ImportReportDto {
  @ApiProperty({ description: 'Commit this dry run with POST …/imports/{importId}/commit and the same file' }) importId: string;
  @ApiProperty({ enum: ['dry_run', 'committed'] }) status: string;
  @ApiProperty() mapping: string;
  @ApiProperty() rowCount: number;
  @ApiProperty({ type: ImportSummaryDto }) summary: ImportSummaryDto;
  @ApiProperty({ type: [ImportRowDto] }) rows: ImportRowDto[];
}

class ImportBatchDto {
  @ApiProperty() id: string;
  @ApiProperty() mapping: string;
  @ApiProperty({ enum: ['dry_run', 'committed'] }) status: string;
  @ApiProperty() rowCount: number;
  @ApiProperty({ type: ImportSummaryDto }) summary: ImportSummaryDto;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) committedAt: Date | null;
}

export class ImportMappingDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: Object, description: 'Pupil field → CSV column header' }) pupil: Record<string, string>;
  @ApiProperty({ type: [Object], description: 'Per contact slot: contact field → CSV column header' }) contacts: Record<string, string>[];
}

export class SaveImportMappingDto {
  @ApiProperty({ type: Object, example: { upn: 'Pupil UPN', legalFirstName: 'Forename', legalLastName: 'Surname', dateOfBirth: 'DOB', yearGroup: 'NC Year' } })
  @IsObject()
  pupil: Record<string, string>;

  @ApiPropertyOptional({ type: [Object] }) @IsOptional() @IsArray() contacts?: Record<string, string>[];
}

const CSV_BODY = { description: 'The CSV file itself (UTF-8), sent as the request body', schema: { type: 'string' as const, format: 'binary' } };
const MAPPING_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

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
  async mappings(@Access() access: RequestAccess): Promise<ImportMapping[]> {
    return this.imports.mappings(access.school!);
  }

  @Allow('senco', 'head')
  @Put('import-mappings/:name')
  @ApiOkResponse({ type: ImportMappingDto })
  async saveMapping(@Access() access: RequestAccess, @Param('name') name: string, @Body() body: SaveImportMappingDto): Promise<ImportMapping> {
    if (!MAPPING_NAME.test(name)) throw invalid([{ field: 'name', message: 'name must be 1–64 lower-case letters, digits, - or _' }]);
    return this.imports.saveMapping(access.school!, name, { pupil: body.pupil, contacts: body.contacts ?? [] });
  }

  @Allow('senco', 'head')
  @Get('imports')
  @ApiOkResponse({ type: [ImportBatchDto] })
  async list(@Access() access: RequestAccess): Promise<ImportBatchDto[]> {
    return (await this.imports.list(access.school!)).map((b) => ({
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
  @ApiQuery({ name: 'mapping', required: false, description: 'standard (default), sims, arbor, or a mapping the school saved' })
  @ApiOkResponse({ type: ImportReportDto })
  async dryRun(@Access() access: RequestAccess, @Req() request: AppRequest, @Query('mapping') mapping = 'standard'): Promise<ImportReportDto> {
    if (typeof mapping !== 'string' || !MAPPING_NAME.test(mapping)) throw invalid([{ field: 'mapping', message: 'mapping must be the name of a mapping' }]);
    return this.imports.dryRun(access.school!, mapping, csvBody(request), await this.today.of(access.school!));
  }

  /** Applies the dry-run file: everything or, if any row is now rejected, nothing (422 with the report). */
  @Allow('senco', 'head')
  @Post('imports/:importId/commit')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody(CSV_BODY)
  @ApiOkResponse({ type: ImportReportDto })
  async commit(@Access() access: RequestAccess, @Req() request: AppRequest, @Param('importId', new UuidParam('importId')) importId: string): Promise<ImportReportDto> {
    return this.imports.commit(access.school!, importId, csvBody(request), await this.today.of(access.school!));
  }
}

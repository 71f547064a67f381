import { Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FrameworkImportService, FrameworksQuery } from '#libs/oap';
import { Allow } from '../../http/policy.decorator.js';
import type { AppRequest } from '../../http/tenant-request.js';
import { FRAMEWORK_BODY, frameworkFromRequest } from './framework-body.js';
import { OapImportQuery } from './oap-import-query.dto.js';
import { OapFrameworkFileDto, OapFrameworkListItemDto, OapImportReportDto } from './oap.dto.js';

/** The platform's ordinarily available provision frameworks, one per LA and version (docs/oap.md). */
@ApiTags('oap')
@ApiExtraModels(OapFrameworkFileDto)
@ApiBearerAuth()
@Controller({ path: 'admin/oap-frameworks', version: '1' })
export class AdminOapController {
  constructor(
    private readonly imports: FrameworkImportService,
    private readonly frameworks: FrameworksQuery,
  ) {}

  @Allow('admin')
  @Get()
  @ApiOkResponse({ type: [OapFrameworkListItemDto] })
  async list(): Promise<OapFrameworkListItemDto[]> {
    return this.frameworks.list();
  }

  /** Dry run by default; `commit=true` stores it. Every error names its row; with any, nothing is stored. */
  @Allow('admin')
  @Post()
  @HttpCode(200)
  @ApiBody(FRAMEWORK_BODY)
  @ApiOkResponse({ type: OapImportReportDto })
  async import(@Req() request: AppRequest, @Query() query: OapImportQuery): Promise<OapImportReportDto> {
    return this.imports.import({ kind: 'platform' }, await frameworkFromRequest(request, query), query.commit === true);
  }
}

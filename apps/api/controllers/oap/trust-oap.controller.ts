import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { notFound } from '#libs/core';
import { isUuid } from '#libs/database';
import { FrameworkImportService, FrameworksQuery } from '#libs/oap';
import { Allow } from '../../http/policy.decorator.js';
import type { AppRequest } from '../../http/tenant-request.js';
import { FRAMEWORK_BODY, frameworkFromRequest } from './framework-body.js';
import { OapImportQuery } from './oap-import-query.dto.js';
import { OapFrameworkFileDto, OapFrameworkListItemDto, OapImportReportDto } from './oap.dto.js';

/**
 * A trust's own frameworks, for the LAs its schools are in (a trust that adapts its authority's). A trust the
 * caller does not lead is a 404; the database refuses a write to another trust's framework too.
 */
@ApiTags('oap')
@ApiExtraModels(OapFrameworkFileDto)
@ApiBearerAuth()
@Controller({ path: 'trusts/:trustId/oap-frameworks', version: '1' })
export class TrustOapController {
  constructor(
    private readonly imports: FrameworkImportService,
    private readonly frameworks: FrameworksQuery,
  ) {}

  /** The frameworks the trust's schools may use: the platform's for their LAs and the trust's own. */
  @Allow('trust_lead')
  @Get()
  @ApiOkResponse({ type: [OapFrameworkListItemDto] })
  async list(@Param('trustId') trustId: string): Promise<OapFrameworkListItemDto[]> {
    return this.frameworks.list(await this.frameworks.ledTrust(trust(trustId)));
  }

  @Allow('trust_lead')
  @Post()
  @HttpCode(200)
  @ApiBody(FRAMEWORK_BODY)
  @ApiOkResponse({ type: OapImportReportDto })
  async import(@Param('trustId') trustId: string, @Req() request: AppRequest, @Query() query: OapImportQuery): Promise<OapImportReportDto> {
    const id = trust(trustId);
    await this.frameworks.ledTrust(id);
    return this.imports.import({ kind: 'trust', trustId: id }, await frameworkFromRequest(request, query), query.commit === true);
  }
}

/** A malformed id names no trust: the same 404 as another trust's. */
function trust(trustId: string): string {
  if (!isUuid(trustId)) throw notFound('Trust');
  return trustId;
}

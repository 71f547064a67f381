import { Controller, Get, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { invalid } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { SchoolOfferService } from '#libs/oap';
import { SchoolToday } from '#libs/register';
import { School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { AppRequest } from '../../http/tenant-request.js';
import { SchoolOapOfferBodyDto, SchoolOapOfferDto } from './oap.dto.js';

const MAX_ROWS = 200;

/**
 * A school's own whole-school offer beside its authority's framework (docs/oap.md). Read by the staff who see the
 * comparison; written whole by the SENCO or the head, so an editor that shows every row drops none.
 */
@ApiTags('oap')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class SchoolOfferController {
  constructor(
    private readonly offer: SchoolOfferService,
    private readonly today: SchoolToday,
  ) {}

  @Allow('senco', 'head', 'teacher', 'trust_lead')
  @Get('oap-offer')
  @ApiOkResponse({ type: SchoolOapOfferDto })
  async get(@School() school: SchoolScope): Promise<SchoolOapOfferDto> {
    return { expectations: await this.offer.list(school) };
  }

  /** Replaces the offer; every error names its row and field, and nothing is saved. */
  @Allow('senco', 'head')
  @Put('oap-offer')
  @ApiBody({ type: SchoolOapOfferBodyDto })
  @ApiOkResponse({ type: SchoolOapOfferDto })
  async put(@School() school: SchoolScope, @Req() request: AppRequest): Promise<SchoolOapOfferDto> {
    return { expectations: await this.offer.replace(school, rowsOf(request.body), await this.today.of(school)) };
  }
}

/** The body's rows, each a plain object; the shape is checked here, each row's fields by the service. */
function rowsOf(body: unknown): Record<string, unknown>[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(body)) throw invalid([{ field: 'body', message: 'must be a JSON object with an expectations array' }]);
  const extra = Object.keys(body).filter((k) => k !== 'expectations');
  if (extra.length > 0) throw invalid(extra.map((field) => ({ field, message: 'is not a field of the offer' })));
  const rows = body.expectations;
  if (!Array.isArray(rows)) throw invalid([{ field: 'expectations', message: 'must be an array' }]);
  if (rows.length > MAX_ROWS) throw invalid([{ field: 'expectations', message: `at most ${MAX_ROWS} expectations` }]);
  const bad = rows.findIndex((r) => !isObject(r));
  if (bad >= 0) throw invalid([{ field: `row ${bad + 1}`, message: 'must be an object' }]);
  return rows as Record<string, unknown>[];
}

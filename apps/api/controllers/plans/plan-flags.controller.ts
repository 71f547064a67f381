import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { invalid, type FieldError } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { FLAG_RULES, PlanFlagsQuery, type FlagsFilter } from '#libs/plans';
import { SEN_STATUSES, YEAR_GROUPS, parseSenStatus, type SenStatus, type YearGroup } from '#libs/register';
import { School } from '../../http/current.decorator.js';
import { pageOf } from '../../http/paging.js';
import { Allow } from '../../http/policy.decorator.js';
import { HashJoins } from '../../http/hash-joins.decorator.js';
import { list } from '../register/register-filter.js';
import { FlagsFilterQuery, FlagsPageDto, FlagsPageQuery, FlagsSummaryDto } from './plan-flags.dto.js';

/** Turns the query string into a filter, naming every bad value. */
function toFilter(q: FlagsFilterQuery, errors: FieldError[]): FlagsFilter {
  return {
    yearGroups: list<YearGroup>(q.yearGroup, YEAR_GROUPS, 'yearGroup', errors, (v) => v.toUpperCase()),
    statuses: list<SenStatus>(q.status, SEN_STATUSES, 'status', errors, (v) => {
      const parsed = parseSenStatus(v);
      return parsed.ok ? parsed.status : v;
    }),
    q: q.q?.trim() || undefined,
  };
}

/**
 * The school-wide red flags, for a school of thousands: counts per flag code, and pages of pupils with their
 * flags (all of them, or one code's). Codes come from the quality check as they are, so a new rule appears here
 * without a change. Each route joins the school's pupils to their entries and plans, so its transaction joins
 * by hashing (hash-joins.decorator.ts).
 */
@ApiTags('plans')
@HashJoins()
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId/plan-flags', version: '1' })
export class PlanFlagsController {
  constructor(private readonly flags: PlanFlagsQuery) {}

  /** A page of flagged pupils in name order, with the total over every page. */
  @Allow('senco', 'head', 'trust_lead')
  @Get()
  @ApiOkResponse({ type: FlagsPageDto })
  async page(@School() school: SchoolScope, @Query() query: FlagsPageQuery): Promise<FlagsPageDto> {
    const errors: FieldError[] = [];
    const filter = toFilter(query, errors);
    if (query.code !== undefined && !(query.code in FLAG_RULES))
      errors.push({ field: 'code', message: `code must be one of ${Object.keys(FLAG_RULES).join(', ')}` });
    if (errors.length > 0) throw invalid(errors);
    const { offset, limit } = pageOf(query);
    return this.flags.page(school, { ...filter, code: query.code }, offset, limit);
  }

  /** How many pupils have each kind of flag (most first), with the same filters as the list. */
  @Allow('senco', 'head', 'trust_lead')
  @Get('summary')
  @ApiOkResponse({ type: FlagsSummaryDto })
  async summary(@School() school: SchoolScope, @Query() query: FlagsFilterQuery): Promise<FlagsSummaryDto> {
    const errors: FieldError[] = [];
    const filter = toFilter(query, errors);
    if (errors.length > 0) throw invalid(errors);
    return this.flags.summary(school, filter);
  }
}

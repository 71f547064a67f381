import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditService } from '#libs/audit';
import type { SchoolScope } from '#libs/database';
import { RegisterQuery, censusCsv } from '#libs/register';
import { School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import { CensusDateQuery } from './census-query.dto.js';

/** The school census's SEN values, ready to check against the MIS before a census day. */
@ApiTags('register')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class CensusController {
  constructor(
    private readonly register: RegisterQuery,
    private readonly audit: AuditService,
  ) {}

  /**
   * Every pupil on roll on the census date with census values only: SEN provision E, K or N (the school's
   * "monitoring" stage is N) and need types for E and K. 422 naming each pupil (by UPN) the census would reject.
   */
  @Allow('senco', 'head')
  @Get('census-export')
  @Header('cache-control', 'no-store')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV: UPN, SENprovision, SENneedType1, SENneedType2', schema: { type: 'string' } })
  async export(@School() school: SchoolScope, @Res({ passthrough: true }) reply: FastifyReply, @Query() { date }: CensusDateQuery): Promise<string> {
    const csv = await censusCsv(school, this.register, date);
    await this.audit.record(school, { action: 'register.census_exported', entityType: 'register', details: { rows: csv.rows, date } });
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="sen-census-${date}.csv"`);
    return csv.text;
  }
}

import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditService } from '#libs/audit';
import { invalid, isIsoDate } from '#libs/core';
import { RegisterQuery, censusCsv } from '#libs/register';
import { Access } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';

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
  @ApiQuery({ name: 'date', required: true, description: 'The census date (yyyy-mm-dd), e.g. the third Thursday of January' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV: UPN, SENprovision, SENneedType1, SENneedType2', schema: { type: 'string' } })
  async export(@Access() access: RequestAccess, @Res({ passthrough: true }) reply: FastifyReply, @Query('date') date?: string): Promise<string> {
    if (!date || !isIsoDate(date)) throw invalid([{ field: 'date', message: 'date must be a census date written yyyy-mm-dd' }]);
    const school = access.school!;
    const csv = await censusCsv(school, this.register, date);
    await this.audit.record(school, { action: 'register.census_exported', entityType: 'register', details: { rows: csv.rows, date } });
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="sen-census-${date}.csv"`);
    return csv.text;
  }
}

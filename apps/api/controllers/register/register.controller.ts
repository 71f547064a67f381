import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditService } from '#libs/audit';
import type { SchoolScope } from '#libs/database';
import { ContactsService, RegisterQuery, SchoolToday, registerCsv } from '#libs/register';
import { School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import { registerWithoutN, toRegisterFilter } from './register-filter.js';
import { RegisterFilterQuery, RegisterPageDto, RegisterPageQuery, RegisterSummaryDto } from './register.dto.js';
import { BitmapScans } from '../../http/bitmap-scans.decorator.js';
import { HashJoins } from '../../http/hash-joins.decorator.js';
import { ReadReplica } from '../../http/read-replica.decorator.js';

/**
 * The SEN register: the SENCO's home screen, also read by the head and the trust's lead. Each route joins the
 * school's pupils to their SEN status entries, so its transaction joins by hashing (hash-joins.decorator.ts) and,
 * for pupils on the register, reads the entries by bitmap (bitmap-scans.decorator.ts).
 */
@ApiTags('register')
@HashJoins()
@BitmapScans(registerWithoutN)
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId/register', version: '1' })
export class RegisterController {
  constructor(
    private readonly register: RegisterQuery,
    private readonly today: SchoolToday,
    private readonly audit: AuditService,
    private readonly contacts: ContactsService,
  ) {}

  @Allow('senco', 'head', 'trust_lead')
  @Get()
  @ReadReplica()
  @ApiOkResponse({ type: RegisterPageDto })
  async page(@School() school: SchoolScope, @Query() query: RegisterPageQuery): Promise<RegisterPageDto> {
    const filter = toRegisterFilter(query, await this.today.of(school));
    // The page is the request's last read: its transaction ends with it, so the page is one round trip.
    const page = await this.register.page(
      school,
      filter,
      { sort: query.sort ?? 'name', order: query.order ?? 'asc', limit: query.limit ?? 50, cursor: query.cursor },
      { lastRead: true },
    );
    return { asOf: filter.asOf, ...page };
  }

  @Allow('senco', 'head', 'trust_lead')
  @Get('summary')
  @ReadReplica()
  @ApiOkResponse({ type: RegisterSummaryDto })
  async summary(@School() school: SchoolScope, @Query() query: RegisterFilterQuery): Promise<RegisterSummaryDto> {
    return this.register.summary(school, toRegisterFilter(query, await this.today.of(school)), { lastRead: true });
  }

  /** The filtered register as CSV in the standard import format, so it can be re-imported unchanged. */
  @Allow('senco', 'head')
  @Get('export')
  @ReadReplica()
  @Header('cache-control', 'no-store')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV in the standard import format', schema: { type: 'string' } })
  async export(@School() school: SchoolScope, @Query() query: RegisterFilterQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const filter = toRegisterFilter(query, await this.today.of(school));
    const csv = await registerCsv(school, this.register, filter, this.contacts);
    await this.audit.record(school, { action: 'register.exported', entityType: 'register', details: { rows: csv.rows } });
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="sen-register-${filter.asOf}.csv"`);
    return csv.text;
  }
}

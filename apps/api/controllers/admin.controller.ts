import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from '#libs/audit';
import { schoolScope } from '#libs/database';
import { TenancyService, type School } from '#libs/tenancy';
import { Allow } from '../http/policy.decorator.js';
import { AuditEventsQuery } from './audit-query.dto.js';
import { AuditPageDto } from './audit.dto.js';
import { CreateSchoolDto, CreateTrustDto, SchoolDto, TrustDto } from './schools.dto.js';

/** Platform administration: provisioning trusts and schools. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller({ path: 'admin', version: '1' })
export class AdminController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly audit: AuditService,
  ) {}

  @Allow('admin')
  @Post('trusts')
  @ApiCreatedResponse({ type: TrustDto })
  async createTrust(@Body() body: CreateTrustDto): Promise<TrustDto> {
    const trust = await this.tenancy.createTrust(body.name);
    await this.audit.recordPlatform({ action: 'admin.trust_created', entityType: 'trust', entityId: trust.id });
    return { id: trust.id, name: trust.name };
  }

  @Allow('admin')
  @Post('schools')
  @ApiCreatedResponse({ type: SchoolDto })
  async createSchool(@Body() body: CreateSchoolDto): Promise<SchoolDto> {
    const school = await this.tenancy.createSchool(body);
    // In the new school's own trail, so its head and SENCO see who set it up and when.
    await this.audit.record(schoolScope(school.id), {
      action: 'admin.school_created',
      entityType: 'school',
      entityId: school.id,
      details: { trustId: school.trustId },
    });
    await this.audit.recordPlatform({ action: 'admin.school_created', entityType: 'school', entityId: school.id, details: { trustId: school.trustId } });
    return toSchoolDto(school);
  }

  /** The admins' own trail, newest first: no school's staff can read it (RLS: platform admins only). */
  @Allow('admin')
  @Get('audit')
  @ApiOkResponse({ type: AuditPageDto })
  async auditTrail(@Query() query: AuditEventsQuery): Promise<AuditPageDto> {
    return this.audit.listPlatform(query.limit ?? 50, query.cursor);
  }

  @Allow('admin')
  @Get('schools')
  @ApiOkResponse({ type: [SchoolDto] })
  async listSchools(): Promise<SchoolDto[]> {
    return (await this.tenancy.listSchools()).map(toSchoolDto);
  }
}

export function toSchoolDto(s: School): SchoolDto {
  return {
    id: s.id,
    urn: s.urn,
    name: s.name,
    phase: s.phase,
    laCode: s.laCode,
    laName: s.laName,
    timezone: s.timezone,
    trustId: s.trustId,
    reviewIntervalWeeks: s.reviewIntervalWeeks,
    logoUrl: s.logoUrl,
    emailSignature: s.emailSignature,
    sencoName: s.sencoName,
    sencoEmail: s.sencoEmail,
    sencoPhone: s.sencoPhone,
    sendiassName: s.sendiassName,
    sendiassPhone: s.sendiassPhone,
    sendiassUrl: s.sendiassUrl,
    reminderLeadDays: s.reminderLeadDays ?? [14, 3],
    overdueRepeatDays: s.overdueRepeatDays,
    overdueHeadAfterDays: s.overdueHeadAfterDays,
    retentionYears: s.retentionYears,
    leaverRetentionYears: s.leaverRetentionYears,
  };
}

import { Body, Controller, Get, Inject, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from '#libs/audit';
import { InvitationService, type Invitation } from '#libs/auth';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { TenancyService } from '#libs/tenancy';
import { Access, School } from '../http/current.decorator.js';
import { Allow } from '../http/policy.decorator.js';
import type { RequestAccess } from '../http/tenant-request.js';
import { toSchoolDto } from './admin.controller.js';
import { AuditEventsQuery } from './audit-query.dto.js';
import { AuditPageDto } from './audit.dto.js';
import { CreatedInvitationDto, CreateInvitationDto, InvitationDto, SchoolDto, UpdateSchoolSettingsDto } from './schools.dto.js';

const toInvitationDto = (i: Invitation): InvitationDto => ({ id: i.id, role: i.role, email: i.email, expiresAt: i.expiresAt, acceptedAt: i.acceptedAt });

/** A new invitation as its creator sees it, once: with the token and the link to send. */
export const toCreatedInvitationDto = (i: Invitation, token: string, publicUrl: string): CreatedInvitationDto => ({
  ...toInvitationDto(i),
  token,
  acceptUrl: `${publicUrl}/invitations/accept#token=${token}`,
});

@ApiTags('schools')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class SchoolsController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly invitations: InvitationService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Allow('senco', 'head', 'teacher', 'parent', 'trust_lead', 'admin')
  @Get()
  @ApiOkResponse({ type: SchoolDto })
  async get(@School() school: SchoolScope): Promise<SchoolDto> {
    return toSchoolDto(await this.tenancy.getSchool(school));
  }

  /** The school's own settings: the SENCO and head keep them. */
  @Allow('senco', 'head')
  @Patch('settings')
  @ApiOkResponse({ type: SchoolDto })
  async updateSettings(@Access() access: RequestAccess, @School() school: SchoolScope, @Body() body: UpdateSchoolSettingsDto): Promise<SchoolDto> {
    const { school: updated, changed } = await this.tenancy.updateSettings(school, access.roles, body);
    if (changed.length > 0) {
      await this.audit.record(school, {
        action: 'school.settings_updated',
        entityType: 'school',
        entityId: updated.id,
        details: { fields: changed.join(',') },
      });
    }
    return toSchoolDto(updated);
  }

  @Allow('senco', 'head', 'admin')
  @Post('invitations')
  @ApiCreatedResponse({ type: CreatedInvitationDto })
  async invite(@Access() access: RequestAccess, @School() school: SchoolScope, @Body() body: CreateInvitationDto): Promise<CreatedInvitationDto> {
    const { invitation, token } = await this.invitations.create(school, access.roles, body.email, body.role);
    return toCreatedInvitationDto(invitation, token, this.config.publicUrl);
  }

  @Allow('senco', 'head')
  @Get('invitations')
  @ApiOkResponse({ type: [InvitationDto] })
  async listInvitations(@School() school: SchoolScope): Promise<InvitationDto[]> {
    return (await this.invitations.list(school)).map(toInvitationDto);
  }

  /** The audit trail is for the school's SENCO and head (UK GDPR accountability). */
  @Allow('senco', 'head')
  @Get('audit-events')
  @ApiOkResponse({ type: AuditPageDto })
  async auditEvents(@School() school: SchoolScope, @Query() query: AuditEventsQuery): Promise<AuditPageDto> {
    return this.audit.list(school, query.limit ?? 50, query.cursor);
  }
}

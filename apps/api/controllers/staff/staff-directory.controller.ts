import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { StaffDirectoryService } from '#libs/staff';
import { Access, School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { CreatedInvitationDto } from '../schools.dto.js';
import { toCreatedInvitationDto } from '../schools.controller.js';
import { StaffDirectoryQuery } from './staff-directory-query.dto.js';
import { ResendInvitationDto, StaffDirectoryDto, StaffRolesDto } from './staff-directory.dto.js';

/** The staff directory: the SENCO and head see everyone on the staff and manage roles, leavers and invitations. */
@ApiTags('staff')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId/staff-directory', version: '1' })
export class StaffDirectoryController {
  constructor(
    private readonly directory: StaffDirectoryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Allow('senco', 'head')
  @Get()
  @ApiOkResponse({ type: StaffDirectoryDto })
  async list(@School() school: SchoolScope, @Query() query: StaffDirectoryQuery): Promise<StaffDirectoryDto> {
    return this.directory.list(school, query);
  }

  @Allow('senco', 'head')
  @Put(':userId/roles')
  @ApiOkResponse({ type: StaffRolesDto })
  async setRoles(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('userId', new UuidParam('userId')) userId: string,
    @Body() body: StaffRolesDto,
  ): Promise<StaffRolesDto> {
    return { roles: await this.directory.setRoles(school, access.roles, userId, body.roles) };
  }

  /** Ends their staff memberships at once; if they have no other school, their sessions too. */
  @Allow('senco', 'head')
  @Post(':userId/leave')
  @HttpCode(204)
  @ApiNoContentResponse()
  async leave(@School() school: SchoolScope, @Param('userId', new UuidParam('userId')) userId: string): Promise<void> {
    await this.directory.markLeaver(school, userId);
  }

  @Allow('senco', 'head')
  @Post('resend-invitation')
  @ApiCreatedResponse({ type: CreatedInvitationDto })
  async resend(@Access() access: RequestAccess, @School() school: SchoolScope, @Body() body: ResendInvitationDto): Promise<CreatedInvitationDto> {
    const { invitation, token } = await this.directory.resend(school, access.roles, body.invitationId);
    return toCreatedInvitationDto(invitation, token, this.config.publicUrl);
  }

  /** Withdraws an unaccepted staff invitation; the classes a staff import parked for it go with it. */
  @Allow('senco', 'head')
  @Post('revoke-invitation')
  @HttpCode(204)
  @ApiNoContentResponse()
  async revoke(@Access() access: RequestAccess, @School() school: SchoolScope, @Body() body: ResendInvitationDto): Promise<void> {
    await this.directory.revoke(school, access.roles, body.invitationId);
  }
}

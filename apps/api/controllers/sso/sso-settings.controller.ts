import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SchoolScope } from '#libs/database';
import { SsoConfigService, SsoSignInService, type SsoConfig } from '#libs/sso';
import { Access, School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { SsoSettingsDto, ssoSettingsDto, UpdateSsoSettingsDto } from './sso.dto.js';

/** The head keeps the school's single sign-on settings; every change is audited (libs/sso). */
@ApiTags('schools')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId/sso', version: '1' })
export class SsoSettingsController {
  constructor(
    private readonly configs: SsoConfigService,
    private readonly signIn: SsoSignInService,
  ) {}

  private toDto(c: SsoConfig | null): SsoSettingsDto {
    return ssoSettingsDto(c, this.signIn.redirectUri);
  }

  @Allow('head')
  @Get()
  @ApiOkResponse({ type: SsoSettingsDto })
  async get(@School() school: SchoolScope): Promise<SsoSettingsDto> {
    return this.toDto(await this.configs.get(school));
  }

  @Allow('head')
  @Put()
  @ApiOkResponse({ type: SsoSettingsDto })
  async put(@Access() access: RequestAccess, @School() school: SchoolScope, @Body() body: UpdateSsoSettingsDto): Promise<SsoSettingsDto> {
    return this.toDto(await this.configs.save(school, access.principal.userId, body));
  }
}

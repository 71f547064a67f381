import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TrustTwoFactorPolicies } from '#libs/auth';
import { notFound } from '#libs/core';
import { isUuid } from '#libs/database';
import { SsoSignInService, TrustSsoConfigService, type TrustSsoConfig } from '#libs/sso';
import { Access } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { SsoSettingsDto, ssoSettingsDto, UpdateSsoSettingsDto } from '../sso/sso.dto.js';
import { TwoFactorPolicyDto } from '../two-factor/two-factor.dto.js';

/**
 * The trust lead's sign-in policy for every school of the trust: one identity provider and the roles that must
 * use two-factor (docs/security.md, "Trust sign-in policy"). A trust the caller does not lead is a 404.
 */
@ApiTags('trusts')
@ApiBearerAuth()
@Controller({ path: 'trusts/:trustId', version: '1' })
export class TrustSettingsController {
  constructor(
    private readonly sso: TrustSsoConfigService,
    private readonly signIn: SsoSignInService,
    private readonly twoFactor: TrustTwoFactorPolicies,
  ) {}

  private toDto(c: TrustSsoConfig | null): SsoSettingsDto {
    return ssoSettingsDto(c, this.signIn.redirectUri);
  }

  @Allow('trust_lead')
  @Get('sso')
  @ApiOkResponse({ type: SsoSettingsDto })
  async getSso(@Param('trustId') trustId: string): Promise<SsoSettingsDto> {
    return this.toDto(await this.sso.get(trust(trustId)));
  }

  @Allow('trust_lead')
  @Put('sso')
  @ApiOkResponse({ type: SsoSettingsDto })
  async putSso(@Access() access: RequestAccess, @Param('trustId') trustId: string, @Body() body: UpdateSsoSettingsDto): Promise<SsoSettingsDto> {
    return this.toDto(await this.sso.save(trust(trustId), access.principal.userId, body));
  }

  @Allow('trust_lead')
  @Get('two-factor-policy')
  @ApiOkResponse({ type: TwoFactorPolicyDto })
  async getTwoFactor(@Param('trustId') trustId: string): Promise<TwoFactorPolicyDto> {
    return { roles: await this.twoFactor.get(trust(trustId)) };
  }

  @Allow('trust_lead')
  @Put('two-factor-policy')
  @ApiOkResponse({ type: TwoFactorPolicyDto })
  async putTwoFactor(@Param('trustId') trustId: string, @Body() body: TwoFactorPolicyDto): Promise<TwoFactorPolicyDto> {
    return { roles: await this.twoFactor.set(trust(trustId), body.roles) };
  }
}

/** A malformed id names no trust: the same 404 as another trust's. */
function trust(trustId: string): string {
  if (!isUuid(trustId)) throw notFound('Trust');
  return trustId;
}

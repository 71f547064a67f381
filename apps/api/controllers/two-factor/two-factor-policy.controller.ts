import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TWO_FACTOR_POLICY_ROLES, TrustTwoFactorPolicies, TwoFactorPolicies, type TwoFactorPolicyRole } from '#libs/auth';
import type { SchoolScope } from '#libs/database';
import { School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import { EffectiveTwoFactorPolicyDto } from '../trusts/trust-settings.dto.js';
import { TwoFactorPolicyDto, TwoFactorResetDto } from './two-factor.dto.js';

/** The head decides which roles must use two-factor sign-in, and resets a colleague's lost factor. */
@ApiTags('schools')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class TwoFactorPolicyController {
  constructor(
    private readonly policies: TwoFactorPolicies,
    private readonly trustPolicies: TrustTwoFactorPolicies,
  ) {}

  /** The school's own roles beside its trust's, which sign-in adds and the head cannot remove. */
  private async view(school: SchoolScope, roles: TwoFactorPolicyRole[]): Promise<EffectiveTwoFactorPolicyDto> {
    const trustRoles = await this.trustPolicies.forSchool(school);
    return { roles, trustRoles, effectiveRoles: TWO_FACTOR_POLICY_ROLES.filter((r) => roles.includes(r) || trustRoles.includes(r)) };
  }

  @Allow('senco', 'head')
  @Get('two-factor-policy')
  @ApiOkResponse({ type: EffectiveTwoFactorPolicyDto })
  async get(@School() school: SchoolScope): Promise<EffectiveTwoFactorPolicyDto> {
    return this.view(school, await this.policies.get(school));
  }

  @Allow('head')
  @Put('two-factor-policy')
  @ApiOkResponse({ type: EffectiveTwoFactorPolicyDto })
  async set(@School() school: SchoolScope, @Body() body: TwoFactorPolicyDto): Promise<EffectiveTwoFactorPolicyDto> {
    return this.view(school, await this.policies.set(school, body.roles));
  }

  @Allow('head')
  @Post('two-factor-resets')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "The staff member's second factor is removed (audited); they set one up again" })
  async reset(@School() school: SchoolScope, @Body() body: TwoFactorResetDto): Promise<void> {
    await this.policies.reset(school, body.email);
  }
}

import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TwoFactorPolicies } from '#libs/auth';
import type { SchoolScope } from '#libs/database';
import { School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import { TwoFactorPolicyDto, TwoFactorResetDto } from './two-factor.dto.js';

/** The head decides which roles must use two-factor sign-in, and resets a colleague's lost factor. */
@ApiTags('schools')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class TwoFactorPolicyController {
  constructor(private readonly policies: TwoFactorPolicies) {}

  @Allow('senco', 'head')
  @Get('two-factor-policy')
  @ApiOkResponse({ type: TwoFactorPolicyDto })
  async get(@School() school: SchoolScope): Promise<TwoFactorPolicyDto> {
    return { roles: await this.policies.get(school) };
  }

  @Allow('head')
  @Put('two-factor-policy')
  @ApiOkResponse({ type: TwoFactorPolicyDto })
  async set(@School() school: SchoolScope, @Body() body: TwoFactorPolicyDto): Promise<TwoFactorPolicyDto> {
    return { roles: await this.policies.set(school, body.roles) };
  }

  @Allow('head')
  @Post('two-factor-resets')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "The staff member's second factor is removed (audited); they set one up again" })
  async reset(@School() school: SchoolScope, @Body() body: TwoFactorResetDto): Promise<void> {
    await this.policies.reset(school, body.email);
  }
}

import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { PasswordResetService, PublicRateLimiter, RESET_TTL_MINUTES } from '#libs/auth';
import { rateLimited } from '#libs/core';
import { Public } from '../../http/policy.decorator.js';
import type { AppRequest } from '../../http/tenant-request.js';
import { PasswordResetAcceptedDto, PasswordResetCompleteDto, PasswordResetRequestDto } from './password-reset.dto.js';

/** One answer for every address, so the route does not tell anyone which emails have accounts. */
const ACCEPTED: PasswordResetAcceptedDto = {
  message: `If that address has an account, we have emailed it a link to choose a new password. The link works once, for ${RESET_TTL_MINUTES} minutes.`,
};

@ApiTags('auth')
@Controller({ path: 'auth/password-reset', version: '1' })
export class PasswordResetController {
  constructor(
    private readonly resets: PasswordResetService,
    private readonly publicLimiter: PublicRateLimiter,
  ) {}

  @Public()
  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: PasswordResetAcceptedDto, description: 'The same answer for every address, known or not' })
  async request(@Body() body: PasswordResetRequestDto, @Req() request: AppRequest): Promise<PasswordResetAcceptedDto> {
    await this.resets.request(body.email, request.ip);
    return ACCEPTED;
  }

  @Public()
  @Post('complete')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The password is set and every session signed out; sign in again (with the second factor, if the account has one)' })
  async complete(@Body() body: PasswordResetCompleteDto, @Req() request: AppRequest): Promise<void> {
    const wait = await this.publicLimiter.hit('password-reset', request.ip);
    if (wait > 0) throw rateLimited(wait);
    await this.resets.complete(body.token, body.newPassword);
  }
}

import { Body, Controller, HttpCode, Post, Put, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { EMAIL_CHANGE_TTL_HOURS, EmailChangeService, PublicRateLimiter } from '#libs/auth';
import { rateLimited } from '#libs/core';
import { Access } from '../../http/current.decorator.js';
import { Authenticated, Public } from '../../http/policy.decorator.js';
import type { AppRequest, RequestAccess } from '../../http/tenant-request.js';
import { ChangeEmailDto, ConfirmEmailDto, EmailChangeRequestedDto } from './email-change.dto.js';

const REQUESTED: EmailChangeRequestedDto = {
  message: `We have emailed a link to the new address. Your email address changes when you use it (within ${EMAIL_CHANGE_TTL_HOURS} hours).`,
};

/** A parent's own email address: changed only through a link sent to the new one (docs/security.md). */
@ApiTags('me')
@Controller({ version: '1' })
export class EmailChangeController {
  constructor(
    private readonly changes: EmailChangeService,
    private readonly publicLimiter: PublicRateLimiter,
  ) {}

  @Authenticated()
  @ApiBearerAuth()
  @Put('me/email')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: EmailChangeRequestedDto, description: 'A link was sent to the new address (the same answer if it cannot be used)' })
  async request(@Access() access: RequestAccess, @Body() body: ChangeEmailDto): Promise<EmailChangeRequestedDto> {
    await this.changes.request(access.principal, body.newEmail, body.currentPassword);
    return REQUESTED;
  }

  /** Public: the link may be opened on a device that is not signed in; the token alone proves the new address. */
  @Public()
  @Post('auth/email-change/confirm')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The email address is changed; the old address is told' })
  async confirm(@Body() body: ConfirmEmailDto, @Req() request: AppRequest): Promise<void> {
    const wait = await this.publicLimiter.hit('email-change', request.ip);
    if (wait > 0) throw rateLimited(wait);
    await this.changes.confirm(body.token);
  }
}

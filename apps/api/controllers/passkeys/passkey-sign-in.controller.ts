import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthService, deviceLabel, LoginRateLimiter, PasskeySignIn, PublicRateLimiter, type TokenPair } from '#libs/auth';
import { APP_CONFIG, rateLimited, type AppConfig } from '#libs/core';
import { Public } from '../../http/policy.decorator.js';
import type { AppRequest } from '../../http/tenant-request.js';
import { setSessionCookies } from '../../http/web-session.js';
import { TokenPairDto, WebSessionDto } from '../auth.dto.js';
import { PasskeySignInOptionsDto } from './passkey-options.dto.js';
import { PasskeySignInDto } from './passkeys.dto.js';

/**
 * Sign-in with a passkey alone: no email, no password, no second step (user verification makes the passkey two
 * factors; docs/security.md, Passkeys). Rate-limited like password sign-in: the options per client address,
 * and the verification by the sign-in limiter with the credential id in place of the email.
 */
@ApiTags('auth')
@Controller({ path: 'auth', version: '1' })
export class PasskeySignInController {
  constructor(
    private readonly passkeys: PasskeySignIn,
    private readonly auth: AuthService,
    @Inject(LoginRateLimiter) private readonly limiter: LoginRateLimiter,
    private readonly publicLimiter: PublicRateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('passkey/options')
  @HttpCode(200)
  @ApiOkResponse({ type: PasskeySignInOptionsDto, description: 'For navigator.credentials.get; allowCredentials is empty (any passkey of this site)' })
  async options(@Req() request: AppRequest): Promise<PasskeySignInOptionsDto> {
    const wait = await this.publicLimiter.hit('passkey', request.ip);
    if (wait > 0) throw rateLimited(wait);
    return this.passkeys.options();
  }

  @Public()
  @Post('passkey/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto, description: 'Signed in' })
  verify(@Body() body: PasskeySignInDto, @Req() request: AppRequest): Promise<TokenPair> {
    return this.signIn(body, request);
  }

  @Public()
  @Post('web/passkey/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: WebSessionDto, description: 'Signed in; the refresh token is set as an httpOnly cookie' })
  async webVerify(@Body() body: PasskeySignInDto, @Req() request: AppRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<WebSessionDto> {
    const pair = await this.signIn(body, request);
    const csrfToken = setSessionCookies(reply, this.config.jwtSecret, pair.refreshToken, this.config.refreshTokenTtlDays * 86_400);
    return { accessToken: pair.accessToken, tokenType: pair.tokenType, expiresIn: pair.expiresIn, csrfToken };
  }

  private signIn(body: PasskeySignInDto, request: AppRequest): Promise<TokenPair> {
    return this.limiter.guard(request.ip, `passkey:${body.credential.id}`, async () => {
      const userId = await this.passkeys.verify(body.credential);
      const result = await this.auth.completePrimarySignIn(userId, 'passkey', deviceLabel(request.headers['user-agent']));
      // completePrimarySignIn never asks a passkey for a second factor; this keeps the type honest if that changes.
      if ('secondFactorRequired' in result) throw new Error('A passkey sign-in was asked for a second factor');
      return result;
    });
  }
}

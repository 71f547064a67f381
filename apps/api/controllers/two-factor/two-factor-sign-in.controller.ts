import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthService, deviceLabel, SecondFactor, type TokenPair } from '#libs/auth';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { Public } from '../../http/policy.decorator.js';
import type { AppRequest } from '../../http/tenant-request.js';
import { setSessionCookies } from '../../http/web-session.js';
import { TokenPairDto, WebSessionDto } from '../auth.dto.js';
import { ChallengeDto, TotpEnrolmentDto, VerifySecondFactorDto } from './two-factor.dto.js';

/** The second step of sign-in, reached with the challenge token a right password answered. */
@ApiTags('auth')
@Controller({ path: 'auth', version: '1' })
export class TwoFactorSignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly secondFactor: SecondFactor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('two-factor/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto, description: 'Signed in' })
  verify(@Body() body: VerifySecondFactorDto, @Req() request: AppRequest): Promise<TokenPair> {
    return this.auth.completeSecondFactor(body.challengeToken, body, deviceLabel(request.headers['user-agent']));
  }

  @Public()
  @Post('web/two-factor/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: WebSessionDto, description: 'Signed in; the refresh token is set as an httpOnly cookie' })
  async webVerify(@Body() body: VerifySecondFactorDto, @Req() request: AppRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<WebSessionDto> {
    const pair = await this.auth.completeSecondFactor(body.challengeToken, body, deviceLabel(request.headers['user-agent']));
    const csrfToken = setSessionCookies(reply, this.config.jwtSecret, pair.refreshToken, this.config.refreshTokenTtlDays * 86_400);
    return { accessToken: pair.accessToken, tokenType: pair.tokenType, expiresIn: pair.expiresIn, csrfToken };
  }

  /** For a user who must use a second factor but has none: set up an authenticator app, then verify its first code. */
  @Public()
  @Post('two-factor/enrol')
  @HttpCode(200)
  @ApiOkResponse({ type: TotpEnrolmentDto })
  enrol(@Body() body: ChallengeDto): Promise<TotpEnrolmentDto> {
    return this.secondFactor.enrol(body.challengeToken);
  }
}

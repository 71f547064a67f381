import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AuthService,
  deviceLabel,
  InvitationService,
  LoginRateLimiter,
  PublicRateLimiter,
  type SecondFactorChallenge,
  type SignInResult,
  type TokenPair,
} from '#libs/auth';
import { APP_CONFIG, type AppConfig, rateLimited } from '#libs/core';
import { Access } from '../http/current.decorator.js';
import { Authenticated, Public } from '../http/policy.decorator.js';
import type { AppRequest, RequestAccess } from '../http/tenant-request.js';
import { CSRF_HEADER, clearSessionCookies, cookieRefreshToken, readCookie, REFRESH_COOKIE, setSessionCookies } from '../http/web-session.js';
import { AcceptInvitationDto, LoginDto, RefreshDto, TokenPairDto, WebSessionDto } from './auth.dto.js';
import { SecondFactorChallengeDto } from './two-factor/two-factor.dto.js';

/** A sign-in answers the session, or — with two-factor — the challenge for its second step. */
const signedInOr = (session: typeof TokenPairDto | typeof WebSessionDto) => ({
  schema: { oneOf: [{ $ref: getSchemaPath(session) }, { $ref: getSchemaPath(SecondFactorChallengeDto) }] },
});

const CSRF_DOC = { name: CSRF_HEADER, required: true, description: 'The csrfToken of the last web session response (also in the sen_csrf cookie)' };

@ApiTags('auth')
@ApiExtraModels(TokenPairDto, WebSessionDto, SecondFactorChallengeDto)
@Controller({ path: 'auth', version: '1' })
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly invitations: InvitationService,
    @Inject(LoginRateLimiter) private readonly limiter: LoginRateLimiter,
    private readonly publicLimiter: PublicRateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Hands a browser its session: the refresh token only as an httpOnly cookie, never in the body. */
  private webSession(pair: TokenPair, reply: FastifyReply): WebSessionDto {
    const csrfToken = setSessionCookies(reply, this.config.jwtSecret, pair.refreshToken, this.config.refreshTokenTtlDays * 86_400);
    return { accessToken: pair.accessToken, tokenType: pair.tokenType, expiresIn: pair.expiresIn, csrfToken };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ ...signedInOr(TokenPairDto), description: 'Signed in, or a second factor is wanted' })
  async login(@Body() body: LoginDto, @Req() request: AppRequest): Promise<SignInResult> {
    return this.limiter.guard(request.ip, body.email, () => this.auth.login(body.email, body.password, deviceLabel(request.headers['user-agent'])));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session (every token rotated from the same login) is revoked' })
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @Public()
  @Post('invitations/accept')
  @HttpCode(200)
  @ApiOkResponse({ ...signedInOr(TokenPairDto), description: 'Joined the school; signed in, or a second factor is wanted' })
  async accept(@Body() body: AcceptInvitationDto, @Req() request: AppRequest): Promise<SignInResult> {
    const wait = await this.publicLimiter.hit('invitation', request.ip);
    if (wait > 0) throw rateLimited(wait);
    return this.invitations.accept(body);
  }

  // The web app's session (cookie variants of the routes above; the body-based ones stay for API clients).

  @Public()
  @Post('web/login')
  @HttpCode(200)
  @ApiOkResponse({ ...signedInOr(WebSessionDto), description: 'Signed in (the refresh token set as an httpOnly cookie), or a second factor is wanted' })
  async webLogin(
    @Body() body: LoginDto,
    @Req() request: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebSessionDto | SecondFactorChallenge> {
    const result = await this.limiter.guard(request.ip, body.email, () =>
      this.auth.login(body.email, body.password, deviceLabel(request.headers['user-agent'])),
    );
    return 'secondFactorRequired' in result ? result : this.webSession(result, reply);
  }

  @Public()
  @Post('web/refresh')
  @HttpCode(200)
  @ApiHeader(CSRF_DOC)
  @ApiOkResponse({ type: WebSessionDto, description: 'The session cookie rotated; a new access token' })
  async webRefresh(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<WebSessionDto> {
    const token = cookieRefreshToken(request, this.config.jwtSecret);
    try {
      return this.webSession(await this.auth.refresh(token), reply);
    } catch (error) {
      clearSessionCookies(reply);
      throw error;
    }
  }

  @Public()
  @Post('web/logout')
  @HttpCode(204)
  @ApiHeader(CSRF_DOC)
  @ApiNoContentResponse({ description: 'The session of the cookie is revoked and the cookies cleared' })
  async webLogout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    // Without a cookie there is nothing to revoke; the cookies are cleared all the same.
    if (readCookie(request, REFRESH_COOKIE)) await this.auth.logout(cookieRefreshToken(request, this.config.jwtSecret));
    clearSessionCookies(reply);
  }

  @Public()
  @Post('web/invitations/accept')
  @HttpCode(200)
  @ApiOkResponse({ ...signedInOr(WebSessionDto), description: 'Joined the school; signed in with a session cookie, or a second factor is wanted' })
  async webAccept(
    @Body() body: AcceptInvitationDto,
    @Req() request: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebSessionDto | SecondFactorChallenge> {
    const wait = await this.publicLimiter.hit('invitation', request.ip);
    if (wait > 0) throw rateLimited(wait);
    const result = await this.invitations.accept(body);
    return 'secondFactorRequired' in result ? result : this.webSession(result, reply);
  }

  /** Needs the access token (a header no other site can send), so it wants no CSRF token. */
  @Authenticated()
  @ApiBearerAuth()
  @Post('logout-everywhere')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Every session of the signed-in user, on every device, is revoked' })
  async logoutEverywhere(@Access() access: RequestAccess, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logoutEverywhere(access.principal.userId);
    clearSessionCookies(reply);
  }
}

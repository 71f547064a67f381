import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiSeeOtherResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthService, deviceLabel, PublicRateLimiter } from '#libs/auth';
import { APP_CONFIG, type AppConfig, rateLimited } from '#libs/core';
import { SsoSignInService } from '#libs/sso';
import { Public } from '../../http/policy.decorator.js';
import { readSsoCookie, setSsoCookie, ssoCookieClearing } from '../../http/sso-cookie.js';
import type { AppRequest } from '../../http/tenant-request.js';
import { setSessionCookies } from '../../http/web-session.js';
import { SsoStartQuery, startOwner } from './sso-query.dto.js';
import { SsoDiscoverDto, SsoDiscoveryDto } from './sso.dto.js';

/** Staff sign-in with the school's own identity provider (OpenID Connect); see docs/security.md, SSO. */
@ApiTags('auth')
@Controller({ path: 'auth/sso', version: '1' })
export class SsoController {
  constructor(
    private readonly sso: SsoSignInService,
    private readonly auth: AuthService,
    private readonly publicLimiter: PublicRateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async limit(request: AppRequest): Promise<void> {
    const wait = await this.publicLimiter.hit('sso', request.ip);
    if (wait > 0) throw rateLimited(wait);
  }

  @Public()
  @Post('discover')
  @HttpCode(200)
  @ApiOkResponse({ type: SsoDiscoveryDto })
  async discover(@Body() body: SsoDiscoverDto, @Req() request: AppRequest): Promise<SsoDiscoveryDto> {
    await this.limit(request);
    const choices = await this.sso.discover(body.email);
    return { choices: choices.map((c) => ({ ...c, startUrl: `/v1/auth/sso/start?${c.kind}=${c.id}` })) };
  }

  @Public()
  @Get('start')
  @ApiFoundResponse({ description: "Redirects to the school's (or trust's) identity provider; sets the sealed flow cookie" })
  async start(@Query() query: SsoStartQuery, @Req() request: AppRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.limit(request);
    const { url, cookie } = await this.sso.start(startOwner(query));
    setSsoCookie(reply, cookie);
    await reply.header('cache-control', 'no-store').redirect(url, 302);
  }

  /**
   * The provider sends the browser back here. Every refusal ends on the login page with one message, so the
   * outcome says nothing about which emails have accounts; the reason is logged without personal data.
   */
  @Public()
  @Get('callback')
  @ApiSeeOtherResponse({ description: 'Signed in (session cookies set) and sent to the app, or sent to the login page with ?sso=refused' })
  async callback(@Req() request: AppRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.limit(request);
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const outcome = await this.sso.finish(query, readSsoCookie(request));
    void reply.header('set-cookie', ssoCookieClearing()).header('cache-control', 'no-store');
    if ('refused' in outcome) {
      await reply.redirect(`${this.config.publicUrl}/app/login?sso=refused`, 303);
      return;
    }
    // The one place an SSO sign-in becomes a session, through the same two-factor step as a password sign-in.
    const result = await this.auth.completePrimarySignIn(outcome.userId, 'sso', deviceLabel(request.headers['user-agent']));
    if ('challengeToken' in result) {
      // The challenge travels in the fragment, which browsers never send to a server or put in a Referer: it is
      // single-use, lives five minutes and opens nothing but the second step.
      const fragment = new URLSearchParams({ 'second-factor': result.challengeToken, enrol: result.enrolmentRequired ? '1' : '0' });
      await reply.redirect(`${this.config.publicUrl}/app/login#${fragment.toString()}`, 303);
      return;
    }
    setSessionCookies(reply, this.config.jwtSecret, result.refreshToken, this.config.refreshTokenTtlDays * 86_400);
    await reply.redirect(`${this.config.publicUrl}/app`, 303);
  }
}

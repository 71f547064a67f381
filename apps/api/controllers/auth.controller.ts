import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthService, InvitationService, LoginRateLimiter, PublicRateLimiter, type TokenPair } from '#libs/auth';
import { rateLimited } from '#libs/core';
import { Public } from '../http/policy.decorator.js';
import type { AppRequest } from '../http/tenant-request.js';
import { AcceptInvitationDto, LoginDto, RefreshDto, TokenPairDto } from './auth.dto.js';

@ApiTags('auth')
@Controller({ path: 'auth', version: '1' })
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly invitations: InvitationService,
    @Inject(LoginRateLimiter) private readonly limiter: LoginRateLimiter,
    private readonly publicLimiter: PublicRateLimiter,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  async login(@Body() body: LoginDto, @Req() request: AppRequest): Promise<TokenPair> {
    const wait = await this.limiter.hit(request.ip, body.email);
    if (wait > 0) throw rateLimited(wait);
    return this.auth.login(body.email, body.password);
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
  @ApiOkResponse({ type: TokenPairDto, description: 'Joined the school; signed in' })
  async accept(@Body() body: AcceptInvitationDto, @Req() request: AppRequest): Promise<TokenPair> {
    const wait = await this.publicLimiter.hit('invitation', request.ip);
    if (wait > 0) throw rateLimited(wait);
    return this.invitations.accept(body);
  }
}

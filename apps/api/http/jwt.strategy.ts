import { createSecretKey } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AuthService, JWT_AUDIENCE, JWT_ISSUER, type Principal } from '#libs/auth';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { BearerJwtStrategy } from './bearer-jwt.strategy.js';
import type { AppRequest } from './tenant-request.js';

/**
 * Verifies the access JWT (BearerJwtStrategy), then loads the principal from the database (revocation applies at once). A safe
 * request (GET, HEAD) of a session this process served lately starts from the principal it loaded then, and
 * its transaction's opening statement has the database confirm the user's principal stamp, in the same round
 * trip as its first statement; nothing the request read is used, and nothing it wrote commits, unless it is
 * confirmed (docs/security.md, 7.4.1).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(BearerJwtStrategy, 'jwt') {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super({
      // A key object made once: given the secret as text, jsonwebtoken makes one on every verification (6% of
      // the API's CPU in the benchmark, docs/performance.md).
      key: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
  }

  async validate(request: AppRequest, payload: { sub?: unknown; sid?: unknown }): Promise<Principal> {
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw new UnauthorizedException('Access token is malformed');
    if (request.method === 'GET' || request.method === 'HEAD') {
      const remembered = this.auth.rememberedPrincipal(payload.sub, payload.sid);
      if (remembered) {
        request.principalCheck = this.auth.principalCheck(remembered);
        return remembered.principal;
      }
    }
    const principal = await this.auth.loadPrincipal(payload.sub, payload.sid);
    if (!principal) throw new UnauthorizedException('Session has ended; sign in again');
    return principal;
  }
}

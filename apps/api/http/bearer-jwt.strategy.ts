import { Strategy } from 'passport-strategy';
import type { AppRequest } from './tenant-request.js';
import { VerifiedTokens, type TokenRules } from './verified-tokens.js';

type Done = (error: unknown, user?: unknown, info?: unknown) => void;
type Verify = (request: AppRequest, payload: unknown, done: Done) => void;

/** The token of an `Authorization: Bearer <token>` header (the scheme in any case), as passport-jwt reads it. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /(\S+)\s+(\S+)/.exec(header);
  return match && match[1]!.toLowerCase() === 'bearer' ? match[2]! : null;
}

/**
 * passport's strategy for the API's access tokens: the bearer token, verified with `rules` (VerifiedTokens
 * keeps what it verified until it expires), then handed with the request to `verify` (the Nest strategy's
 * validate). It does what passport-jwt's strategy did with jsonwebtoken, whose errors it passes on as the
 * failure's reason (the guard names an expired token from them).
 */
export class BearerJwtStrategy extends Strategy {
  name = 'jwt';
  private readonly tokens: VerifiedTokens;

  constructor(
    rules: TokenRules,
    private readonly verify: Verify,
  ) {
    super();
    this.tokens = new VerifiedTokens(rules);
  }

  // passport's types say Express; under Nest's Fastify adapter the request passport hands on is Fastify's.
  override authenticate(req: Parameters<Strategy['authenticate']>[0]): void {
    const request = req as unknown as AppRequest;
    const token = bearerToken(request.headers.authorization);
    if (!token) return this.fail(new Error('No auth token'), 401);
    let payload: unknown;
    try {
      payload = this.tokens.verify(token);
    } catch (error) {
      return this.fail(error, 401);
    }
    try {
      this.verify(request, payload, (error, user, info) => {
        if (error) this.error(asError(error));
        else if (!user) this.fail(info, 401);
        else this.success(user, info);
      });
    } catch (error) {
      this.error(asError(error));
    }
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

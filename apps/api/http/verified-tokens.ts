import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface TokenRules {
  key: KeyObject;
  algorithms: jwt.Algorithm[];
  issuer: string;
  audience: string;
}

interface Kept {
  payload: jwt.JwtPayload;
  exp: number;
  nbf: number | undefined;
}

/**
 * Access tokens this process has verified, kept until they expire (at most `capacity`, the oldest dropped
 * first). A client sends the same token with every request for its whole life (ACCESS_TOKEN_TTL_SECONDS), and
 * checking its signature and claims again each time was 4% of the API's CPU on the register page
 * (docs/performance.md). A token is kept only once jsonwebtoken has accepted it with these rules, and only
 * while its exp (and nbf) still hold by the clock, checked on every use; one that has stopped holding is
 * verified afresh, so its refusal is jsonwebtoken's own (TokenExpiredError, NotBeforeError). Whether the
 * session behind it is still live is not this class's question: the principal answers it on every request.
 */
export class VerifiedTokens {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly rules: TokenRules,
    private readonly capacity = 10_000,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** The token's payload, or jsonwebtoken's error (thrown) when it is not valid now. */
  verify(token: string): jwt.JwtPayload | string {
    const kept = this.kept.get(token);
    if (kept) {
      const now = this.nowSeconds();
      if (now < kept.exp && (kept.nbf === undefined || kept.nbf <= now)) return kept.payload;
      this.kept.delete(token);
    }
    const { key, algorithms, issuer, audience } = this.rules;
    const payload = jwt.verify(token, key, { algorithms, issuer, audience, clockTimestamp: this.nowSeconds() });
    if (typeof payload === 'string' || typeof payload.exp !== 'number') return payload;
    if (this.kept.size >= this.capacity) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(token, { payload: Object.freeze(payload), exp: payload.exp, nbf: typeof payload.nbf === 'number' ? payload.nbf : undefined });
    return payload;
  }

  get size(): number {
    return this.kept.size;
  }
}

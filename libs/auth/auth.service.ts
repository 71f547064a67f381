import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, Clock, type AppConfig, unauthorized } from '#libs/core';
import { TenantTransactions, isUuid, type OpeningCheck } from '#libs/database';
import {
  PRINCIPAL_SQL,
  PrincipalChangedError,
  principalFromRows,
  rememberedFromRows,
  RememberedPrincipals,
  STAMP_SQL,
  stampColumn,
  type Principal,
  type PrincipalRow,
  type RememberedPrincipal,
} from './principal.js';
import { RefreshSession } from './refresh-session.entity.js';
import { burnPasswordCheck, newOpaqueToken, normaliseEmail, sha256, verifyPassword } from './secrets.js';
import { User } from './user.entity.js';
import { SecondFactor, type SecondFactorChallenge, type SecondFactorProof } from './two-factor/second-factor.service.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

interface AccessClaims {
  sub: string;
  sid: string;
}

/** A finished sign-in, or the way to its second step. */
export type SignInResult = TokenPair | SecondFactorChallenge;

const NO_SCHOOL = { schoolIds: [] as string[] };

@Injectable()
export class AuthService {
  private readonly remembered = new RememberedPrincipals();

  constructor(
    private readonly tx: TenantTransactions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secondFactor: SecondFactor,
  ) {}

  /** One answer for every failure, so a caller cannot learn whether an email has an account. */
  async login(email: string, password: string, device: string | null = null): Promise<SignInResult> {
    const user = await this.tx.run(NO_SCHOOL, (m) => m.findOneBy(User, { email: normaliseEmail(email) }));
    if (!user) {
      await burnPasswordCheck(password);
      throw unauthorized('Email or password is incorrect');
    }
    const ok = await verifyPassword(user.passwordHash, password);
    if (!ok || user.disabledAt) throw unauthorized('Email or password is incorrect');
    return this.completePrimarySignIn(user.id, 'password', device);
  }

  /**
   * Every first factor (password; SSO's callback too) ends here: the session, or — when the user has a
   * second factor or their role must have one — a short-lived challenge for the second step instead.
   */
  async completePrimarySignIn(userId: string, method: 'password' | 'sso' | 'passkey', device: string | null = null): Promise<SignInResult> {
    // A passkey is only accepted with user verification (a PIN or biometric on the authenticator, required at
    // registration and at sign-in): possession of the device plus that check is phishing-resistant multi-factor
    // on its own (docs/security.md, Passkeys), so it meets any two-factor requirement without a TOTP code.
    if (method === 'passkey') return this.issue(userId, randomUUID(), device);
    return (await this.secondFactor.challengeIfNeeded(userId, method)) ?? this.issue(userId, randomUUID(), device);
  }

  /** The second step: a right code spends the challenge and starts the session. */
  async completeSecondFactor(challengeToken: string, proof: SecondFactorProof, device: string | null = null): Promise<TokenPair> {
    const userId = await this.secondFactor.verify(challengeToken, proof);
    const user = await this.tx.run(NO_SCHOOL, (m) => m.findOneBy(User, { id: userId }));
    if (!user || user.disabledAt) throw unauthorized('Account is disabled');
    return this.issue(userId, randomUUID(), device);
  }

  /**
   * Rotates a refresh token. A token presented after it was rotated or revoked is treated as stolen:
   * its whole family is revoked, which also ends the access tokens issued from it.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const now = this.clock.now();
    const hash = sha256(refreshToken);
    const outcome = await this.tx.run(NO_SCHOOL, async (m) => {
      const session = await m.createQueryBuilder(RefreshSession, 's').setLock('pessimistic_write').where('s.token_hash = :hash', { hash }).getOne();
      if (!session) return { error: 'Refresh token is not valid' } as const;
      if (session.revokedAt) {
        await m.update(RefreshSession, { familyId: session.familyId, revokedAt: IsNull() }, { revokedAt: now, revokedReason: 'reuse' });
        return { error: 'Refresh token was already used; all sessions from it have been signed out' } as const;
      }
      if (session.expiresAt <= now) return { error: 'Refresh token has expired' } as const;
      const user = await m.findOneBy(User, { id: session.userId });
      if (!user || user.disabledAt) return { error: 'Account is disabled' } as const;
      await m.update(RefreshSession, { id: session.id }, { revokedAt: now, revokedReason: 'rotated' });
      return { pair: await this.issue(session.userId, session.familyId, session.deviceLabel) };
    });
    if ('error' in outcome) throw unauthorized(outcome.error);
    return outcome.pair;
  }

  /** Revokes the session family of the token. Idempotent: an unknown or revoked token is not an error. */
  async logout(refreshToken: string): Promise<void> {
    const now = this.clock.now();
    await this.tx.run(NO_SCHOOL, async (m) => {
      const session = await m.findOneBy(RefreshSession, { tokenHash: sha256(refreshToken) });
      if (session) {
        await m.update(RefreshSession, { familyId: session.familyId, revokedAt: IsNull() }, { revokedAt: now, revokedReason: 'logout' });
      }
    });
  }

  /** "Log out everywhere": revokes every live session of the user, which also ends their access tokens at once. */
  async logoutEverywhere(userId: string): Promise<void> {
    const now = this.clock.now();
    const revoke = (m: EntityManager) => m.update(RefreshSession, { userId, revokedAt: IsNull() }, { revokedAt: now, revokedReason: 'logout' });
    // Called from a signed-in request, which already runs in its own transaction (sessions carry no school).
    if (this.tx.scope()) await revoke(this.tx.manager());
    else await this.tx.run(NO_SCHOOL, revoke);
  }

  async issue(userId: string, familyId: string, deviceLabel: string | null = null): Promise<TokenPair> {
    const refreshToken = newOpaqueToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.refreshTokenTtlDays * 86_400_000);
    await this.tx.run(NO_SCHOOL, (m) =>
      m.insert(RefreshSession, { userId, familyId, tokenHash: sha256(refreshToken), expiresAt, revokedAt: null, revokedReason: null, deviceLabel }),
    );
    const claims: AccessClaims = { sub: userId, sid: familyId };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.accessTokenTtlSeconds });
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.config.accessTokenTtlSeconds };
  }

  /**
   * Builds the principal from the database: a revoked session, a disabled account or a removed membership takes
   * effect at once, not when the access token expires. The process remembers it, with the user's principal stamp,
   * for the session's next safe request, which confirms the stamp in that request's own transaction
   * (`principalCheck`).
   */
  async loadPrincipal(userId: string, sessionId: string): Promise<Principal | null> {
    if (!isUuid(userId) || !isUuid(sessionId)) return null;
    // One statement on its own pooled connection (autocommit): app.principal sets the user for row-level
    // security itself, for that statement only (migrations/1764600000000-principal-lookup.ts).
    const rows: PrincipalRow[] = await this.dataSource.query(PRINCIPAL_SQL, [userId, sessionId]);
    const principal = principalFromRows(userId, sessionId, rows);
    this.remembered.keep(userId, sessionId, rememberedFromRows(principal, rows), performance.now());
    return principal;
  }

  /** The principal this process loaded for the session lately, if any and not past the session's end: to be confirmed by `principalCheck`. */
  rememberedPrincipal(userId: string, sessionId: string): RememberedPrincipal | undefined {
    return isUuid(userId) && isUuid(sessionId) ? this.remembered.get(userId, sessionId, performance.now(), Date.now()) : undefined;
  }

  /**
   * The check of the request's transaction (TenantTransactions' `check`) for a remembered principal: it passes if
   * the user's principal stamp is still the one it was loaded with, so nothing app.principal reads has changed
   * since; otherwise the process forgets it and refuses with a PrincipalChangedError, and the caller loads it again.
   */
  principalCheck(remembered: RememberedPrincipal): OpeningCheck {
    const { userId, sessionId } = remembered.principal;
    return {
      column: stampColumn(userId),
      sql: STAMP_SQL,
      params: [userId],
      accept: (stamp) => {
        if (stamp === remembered.stamp) return;
        this.remembered.keep(userId, sessionId, null, performance.now());
        throw new PrincipalChangedError();
      },
    };
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, conflict, unauthorized } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { newOpaqueToken, sha256 } from '../secrets.js';
import { User } from '../user.entity.js';
import { SecondFactorLimiter } from './second-factor-limiter.js';
import { SignInChallenge } from './sign-in-challenge.entity.js';
import { TotpFactors, type TotpEnrolment } from './totp-factors.service.js';

const CHALLENGE_TTL_SECONDS = 300;
const NO_SCHOOL = { schoolIds: [] as string[] };

/** The answer to a first factor when a second is wanted: not a session, only the way to the second step. */
export interface SecondFactorChallenge {
  secondFactorRequired: true;
  challengeToken: string;
  expiresIn: number;
  /** True when the user must use a second factor but has none yet: they set one up now (not locked out). */
  enrolmentRequired: boolean;
}

export interface SecondFactorProof {
  code?: string;
  recoveryCode?: string;
}

/** The second step of sign-in: whether one is wanted, the challenge token, and its check. */
@Injectable()
export class SecondFactor {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly clock: Clock,
    private readonly totp: TotpFactors,
    private readonly limiter: SecondFactorLimiter,
  ) {}

  /** Whether the user must use a second factor: platform admin, or a role their school's policy names. */
  async required(m: EntityManager, userId: string): Promise<boolean> {
    const rows = await m.query<{ required: boolean }[]>('select app.two_factor_required($1) as required', [userId]);
    return rows[0]?.required === true;
  }

  /** A challenge when the user has a second factor or must have one; null when the password is enough. */
  async challengeIfNeeded(userId: string, primaryMethod: string): Promise<SecondFactorChallenge | null> {
    return this.tx.run(NO_SCHOOL, async (m) => {
      const has = await this.totp.hasFactor(m, userId);
      if (!has && !(await this.required(m, userId))) return null;
      const challengeToken = newOpaqueToken();
      const expiresAt = new Date(this.clock.now().getTime() + CHALLENGE_TTL_SECONDS * 1000);
      await m.insert(SignInChallenge, { userId, tokenHash: sha256(challengeToken), primaryMethod, expiresAt, usedAt: null });
      return { secondFactorRequired: true, challengeToken, expiresIn: CHALLENGE_TTL_SECONDS, enrolmentRequired: !has };
    });
  }

  /** For a user who must enrol during sign-in: a new authenticator seed, confirmed by `verify` with its first code. */
  async enrol(challengeToken: string): Promise<TotpEnrolment> {
    const userId = await this.liveChallengeUser(challengeToken);
    return this.tx.run(NO_SCHOOL, async (m) => {
      if (await this.totp.hasFactor(m, userId)) throw conflict('A second factor is already set up; sign in with it');
      const user = await m.findOneByOrFail(User, { id: userId });
      return this.totp.start(m, userId, user.email);
    });
  }

  /**
   * Spends the challenge when the proof is right (a current code, a recovery code, or the first code of an
   * app set up during this sign-in) and returns whose it was. Wrong answers are limited per account.
   */
  async verify(challengeToken: string, proof: SecondFactorProof): Promise<string> {
    const userId = await this.liveChallengeUser(challengeToken);
    const ok = await this.limiter.guard(userId, () =>
      this.tx.run(NO_SCHOOL, async (m) => {
        const challenge = await m
          .createQueryBuilder(SignInChallenge, 'c')
          .setLock('pessimistic_write')
          .where('c.token_hash = :hash and c.used_at is null', { hash: sha256(challengeToken) })
          .getOne();
        if (!challenge) return false;
        const right = await this.check(m, userId, proof);
        if (right) await m.update(SignInChallenge, { id: challenge.id }, { usedAt: this.clock.now() });
        return right;
      }),
    );
    if (!ok) throw unauthorized('The code is not right, or was already used');
    return userId;
  }

  private async check(m: EntityManager, userId: string, proof: SecondFactorProof): Promise<boolean> {
    if (proof.recoveryCode) return this.totp.useRecoveryCode(m, userId, proof.recoveryCode);
    if (!proof.code) return false;
    const status = await this.totp.status(m, userId);
    if (status.totp === 'pending') {
      await this.totp.confirm(m, userId, proof.code).catch(() => null);
      return this.totp.hasFactor(m, userId);
    }
    return this.totp.check(m, userId, proof.code);
  }

  private async liveChallengeUser(challengeToken: string): Promise<string> {
    const challenge = await this.tx.run(NO_SCHOOL, (m) => m.findOneBy(SignInChallenge, { tokenHash: sha256(challengeToken) }));
    if (!challenge || challenge.usedAt || challenge.expiresAt <= this.clock.now()) {
      throw unauthorized('The sign-in has expired or was already completed; sign in again');
    }
    return challenge.userId;
  }
}

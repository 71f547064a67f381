import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Secret, TOTP } from 'otpauth';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, Clock, conflict, invalid, type AppConfig } from '#libs/core';
import { openSecret, sealSecret } from '../secret-box.js';
import { sha256 } from '../secrets.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { TotpFactor } from './totp-factor.entity.js';

const PERIOD = 30;
const RECOVERY_CODES = 10;

export interface TotpEnrolment {
  /** Base32, for typing into an authenticator app. Shown once; kept only sealed. */
  secret: string;
  /** The otpauth:// URI (RFC 6238 key URI format) for apps that open links. */
  uri: string;
}

export interface TwoFactorStatus {
  totp: 'none' | 'pending' | 'on';
  recoveryCodesLeft: number;
}

/**
 * Recovery codes: 112 random bits, so a plain SHA-256 of each is enough at rest (ASVS 5.0 6.5.2 asks a slow, salted
 * hash only of lookup secrets with less), written as seven groups of four lower-case hex characters to read and type.
 */
const newRecoveryCode = () =>
  randomBytes(14)
    .toString('hex')
    .replace(/(.{4})(?=.)/g, '$1-');
const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, '');

/**
 * Authenticator-app codes (RFC 6238: SHA-1, 6 digits, 30 s) and recovery codes. Each method takes the
 * caller's EntityManager, so the check and what it spends (the step, the code) commit together.
 */
@Injectable()
export class TotpFactors {
  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async status(m: EntityManager, userId: string): Promise<TwoFactorStatus> {
    const factor = await m.findOneBy(TotpFactor, { userId });
    const left = await m.createQueryBuilder(RecoveryCode, 'c').where('c.user_id = :userId and c.used_at is null', { userId }).getCount();
    return { totp: !factor ? 'none' : factor.confirmedAt ? 'on' : 'pending', recoveryCodesLeft: left };
  }

  async hasFactor(m: EntityManager, userId: string): Promise<boolean> {
    return (await this.status(m, userId)).totp === 'on';
  }

  /** A new seed, replacing an unconfirmed one; an app already in use must be removed first. */
  async start(m: EntityManager, userId: string, email: string): Promise<TotpEnrolment> {
    const existing = await m.findOneBy(TotpFactor, { userId });
    if (existing?.confirmedAt) throw conflict('An authenticator app is already set up; remove it before adding another');
    const secret = new Secret({ size: 20 }).base32;
    const secretSealed = sealSecret(this.config.dataEncryptionKey, secret, userId);
    await m.upsert(TotpFactor, { userId, secretSealed, confirmedAt: null, lastUsedStep: null }, ['userId']);
    return { secret, uri: this.totp(secret, email).toString() };
  }

  /** The first code proves the app holds the seed; it turns the factor on and issues fresh recovery codes. */
  async confirm(m: EntityManager, userId: string, code: string): Promise<string[]> {
    const factor = await this.lockFactor(m, userId);
    if (!factor || factor.confirmedAt) throw conflict('There is no authenticator app waiting to be confirmed');
    if (!(await this.spend(m, factor, code))) throw invalid([{ field: 'code', message: 'code is not the current one from your authenticator app' }]);
    await m.update(TotpFactor, { userId }, { confirmedAt: this.clock.now() });
    return this.newRecoveryCodes(m, userId);
  }

  /** True once per code: the step of an accepted code, and every earlier one, is spent. ±1 step of clock drift. */
  async check(m: EntityManager, userId: string, code: string): Promise<boolean> {
    const factor = await this.lockFactor(m, userId);
    if (!factor?.confirmedAt) return false;
    return this.spend(m, factor, code);
  }

  async useRecoveryCode(m: EntityManager, userId: string, code: string): Promise<boolean> {
    const spent = await m
      .createQueryBuilder()
      .update(RecoveryCode)
      .set({ usedAt: this.clock.now() })
      .where('user_id = :userId and code_hash = :hash and used_at is null', { userId, hash: sha256(normaliseRecoveryCode(code)) })
      .execute();
    return (spent.affected ?? 0) > 0;
  }

  /** Ten new codes, shown once; every earlier code stops working. */
  async newRecoveryCodes(m: EntityManager, userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await m.delete(RecoveryCode, { userId });
    await m.insert(
      RecoveryCode,
      codes.map((c) => ({ userId, codeHash: sha256(normaliseRecoveryCode(c)), usedAt: null })),
    );
    return codes;
  }

  /** Removes the app and the recovery codes (the user's own choice, or a head's reset). */
  async remove(m: EntityManager, userId: string): Promise<void> {
    await m.delete(RecoveryCode, { userId });
    await m.delete(TotpFactor, { userId });
  }

  private lockFactor(m: EntityManager, userId: string): Promise<TotpFactor | null> {
    return m.createQueryBuilder(TotpFactor, 'f').setLock('pessimistic_write').where('f.user_id = :userId', { userId }).getOne();
  }

  private async spend(m: EntityManager, factor: TotpFactor, code: string): Promise<boolean> {
    if (!/^\d{6}$/.test(code)) return false;
    const secret = openSecret(this.config.dataEncryptionKey, factor.secretSealed, factor.userId);
    const timestamp = this.clock.now().getTime();
    const delta = this.totp(secret, '').validate({ token: code, timestamp, window: 1 });
    if (delta === null) return false;
    const step = Math.floor(timestamp / 1000 / PERIOD) + delta;
    if (factor.lastUsedStep !== null && step <= factor.lastUsedStep) return false;
    await m.update(TotpFactor, { userId: factor.userId }, { lastUsedStep: step });
    return true;
  }

  private totp(secret: string, email: string): TOTP {
    return new TOTP({ issuer: 'SEN Manager', label: email, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
  }
}

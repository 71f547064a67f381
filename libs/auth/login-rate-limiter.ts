import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, rateLimited, type AppConfig } from '#libs/core';
import { REDIS } from '#libs/queue';
import { sha256 } from './secrets.js';
import { WindowCounter } from './window-counter.js';

/**
 * Sign-in limits in fixed one-minute windows, shared by every API replica through Redis (per replica while
 * Redis is away: see WindowCounter). Three counts, so a staff room behind one school address is not locked
 * out at 08:45 while guessing stays bounded (docs/security.md, "Sign-in rate limits"):
 *
 * - per client address and account: failed sign-ins (the tight bound on one machine guessing one password);
 * - per account, from every address: failed sign-ins (bounds guessing spread over many addresses; higher than
 *   the one above, so one attacker's address cannot lock the real user out on their own);
 * - per client address: every attempt, to any account (a ceiling on credential stuffing from one address,
 *   high enough for a whole school signing in at once).
 *
 * The two per-account counts are taken before the password is checked and given back when it was right (or
 * never checked, being refused): a slot is reserved atomically, so parallel guesses cannot all slip past the
 * check, and a user's own successful sign-ins never count against them. Emails and addresses are hashed, so Redis holds neither.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly counter: WindowCounter;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.counter = new WindowCounter(redis);
  }

  /** Runs `signIn` if the limits allow it (otherwise 429 with Retry-After); its failures count against the account. */
  async guard<T>(clientAddress: string, email: string, signIn: () => Promise<T>): Promise<T> {
    const account = sha256(email.trim().toLowerCase());
    const failureKeys = [`login:fail:account:${account}`, `login:fail:address-account:${sha256(`${clientAddress}\n${account}`)}`];
    const { window, counts } = await this.counter.take([...failureKeys, `login:address:${sha256(clientAddress)}`]);
    const limits = this.config.loginRateLimits;
    const [perAccount, perAddressAccount, perAddress] = counts as [number, number, number];
    if (perAccount > limits.failuresPerAccount || perAddressAccount > limits.failuresPerAddressAccount || perAddress > limits.attemptsPerAddress) {
      // No password was checked, so this was no guess: the account's counts keep only real failures.
      await this.counter.release(failureKeys, window);
      throw rateLimited(this.counter.retryAfter());
    }
    const result = await signIn();
    await this.counter.release(failureKeys, window);
    return result;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { rateLimited } from '#libs/core';
import { REDIS } from '#libs/queue';
import { WindowCounter } from '../window-counter.js';

/** Wrong second-factor answers allowed per account a minute: a 6-digit code cannot be walked through. */
export const SECOND_FACTOR_FAILURES_PER_MINUTE = 5;

/**
 * Counts wrong codes per account (not per address: the password is already known to whoever is guessing),
 * in fixed one-minute windows shared through Redis, as LoginRateLimiter does. A slot is taken before the
 * code is checked and given back when it was right, so only failures count.
 */
@Injectable()
export class SecondFactorLimiter {
  private readonly counter: WindowCounter;

  constructor(@Inject(REDIS) redis: Redis) {
    this.counter = new WindowCounter(redis);
  }

  /** Runs `check` if the limit allows (otherwise 429 with Retry-After); a false answer counts as a failure. */
  async guard(userId: string, check: () => Promise<boolean>): Promise<boolean> {
    const keys = [`2fa:fail:user:${userId}`];
    const { window, counts } = await this.counter.take(keys);
    if ((counts[0] ?? 0) > SECOND_FACTOR_FAILURES_PER_MINUTE) {
      await this.counter.release(keys, window);
      throw rateLimited(this.counter.retryAfter());
    }
    const right = await check();
    if (right) await this.counter.release(keys, window);
    return right;
  }
}

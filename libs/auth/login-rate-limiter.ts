import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { REDIS } from '#libs/queue';
import { sha256 } from './secrets.js';
import { WindowCounter } from './window-counter.js';

/**
 * Fixed one-minute windows, per client address and per email (hashed, so Redis holds no email), shared by
 * every API replica through Redis (per replica while Redis is away: see WindowCounter). Counts attempts, not
 * just failures, so guessing is bounded either way.
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

  /** Returns the seconds to wait, or 0 when the attempt may go ahead. */
  async hit(clientAddress: string, email: string): Promise<number> {
    const counts = await this.counter.hit([`login:ip:${clientAddress}`, `login:email:${sha256(email.trim().toLowerCase())}`]);
    return counts.some((c) => c > this.config.loginRateLimitPerMinute) ? this.counter.retryAfter() : 0;
  }
}

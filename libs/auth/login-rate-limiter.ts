import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { REDIS } from '#libs/queue';
import { sha256 } from './secrets.js';

/**
 * Fixed one-minute windows in Redis, per client address and per email (hashed, so Redis holds no email).
 * Shared by every API replica. Counts attempts, not just failures, so guessing is bounded either way.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns the seconds to wait, or 0 when the attempt may go ahead. */
  async hit(clientAddress: string, email: string): Promise<number> {
    const window = Math.floor(Date.now() / 60_000);
    const keys = [`login:ip:${clientAddress}:${window}`, `login:email:${sha256(email.trim().toLowerCase())}:${window}`];
    const pipeline = this.redis.multi();
    for (const key of keys) pipeline.incr(key).expire(key, 120);
    const results = (await pipeline.exec()) ?? [];
    const counts = [results[0]?.[1], results[2]?.[1]].map(Number);
    const over = counts.some((c) => c > this.config.loginRateLimitPerMinute);
    return over ? 60 - (Math.floor(Date.now() / 1000) % 60) : 0;
  }
}

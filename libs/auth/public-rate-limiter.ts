import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { REDIS } from '#libs/queue';

/**
 * Fixed one-minute windows in Redis per client address, for routes anyone can call (accepting an invitation,
 * a published report, a calendar feed): enough for people and calendar apps, too little for guessing tokens or
 * scraping. Shared by every API replica.
 */
@Injectable()
export class PublicRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns the seconds to wait, or 0 when the request may go ahead. */
  async hit(bucket: string, clientAddress: string): Promise<number> {
    const window = Math.floor(Date.now() / 60_000);
    const key = `public:${bucket}:${clientAddress}:${window}`;
    const results = (await this.redis.multi().incr(key).expire(key, 120).exec()) ?? [];
    const count = Number(results[0]?.[1]);
    return count > this.config.publicRateLimitPerMinute ? 60 - (Math.floor(Date.now() / 1000) % 60) : 0;
  }
}

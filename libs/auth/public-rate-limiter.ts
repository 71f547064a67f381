import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { REDIS } from '#libs/queue';
import { WindowCounter } from './window-counter.js';

/**
 * Fixed one-minute windows in Redis per client address, for routes anyone can call (accepting an invitation,
 * a published report, a calendar feed): enough for people and calendar apps, too little for guessing tokens or
 * scraping. Shared by every API replica.
 */
@Injectable()
export class PublicRateLimiter {
  private readonly counter: WindowCounter;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.counter = new WindowCounter(redis);
  }

  /** Returns the seconds to wait, or 0 when the request may go ahead. */
  async hit(bucket: string, clientAddress: string): Promise<number> {
    const [count] = await this.counter.hit([`public:${bucket}:${clientAddress}`]);
    return count! > this.config.publicRateLimitPerMinute ? this.counter.retryAfter() : 0;
  }
}

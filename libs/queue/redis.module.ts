import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { REDIS, createRedis, describeRedis, pingRedis } from './redis.js';

export class RedisUnavailableError extends Error {
  constructor(target: string, cause: unknown) {
    super(`Cannot connect to ${target}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'RedisUnavailableError';
  }
}

/** A shared Redis connection (rate limits, health, heartbeats). BullMQ makes its own connections. */
@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRoot(name: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            const redis = createRedis(config.redisUrl, name);
            redis.on('error', () => undefined); // reported by health checks, not as unhandled errors
            try {
              await pingRedis(redis);
            } catch (error) {
              redis.disconnect();
              throw new RedisUnavailableError(describeRedis(config.redisUrl), error);
            }
            return redis;
          },
        },
      ],
      exports: [REDIS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

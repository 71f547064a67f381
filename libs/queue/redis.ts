import { Redis } from 'ioredis';
import { describeRedisTarget, parseRedisTarget } from '#libs/core';

export const REDIS = Symbol('REDIS');

/**
 * BullMQ requires maxRetriesPerRequest: null on connections its workers use; it also suits the API, which
 * should wait out a short Redis restart rather than fail every command at once. A `redis-sentinel://` target
 * asks the Sentinels for the primary, and when the primary goes (or turns replica and refuses a write) reconnects
 * to the new one; commands wait in the offline queue meanwhile.
 */
export function createRedis(url: string, name: string): Redis {
  const options = { maxRetriesPerRequest: null, connectionName: name, lazyConnect: true, enableOfflineQueue: true } as const;
  const target = parseRedisTarget(url);
  if ('error' in target) throw new Error(`REDIS_URL ${target.error}`);
  if (target.kind === 'url') return new Redis(url, options);
  return new Redis({
    ...options,
    sentinels: target.sentinels,
    name: target.name,
    password: target.password,
    // A planned failover leaves the old primary up as a replica: a write it refuses (READONLY) reconnects, asks
    // the Sentinels again and resends the command. (ioredis's failoverDetector is not used: its Sentinel
    // subscriptions outlive quit() and keep the process alive.)
    reconnectOnError: (error: Error) => (error.message.startsWith('READONLY') ? 2 : false),
    sentinelRetryStrategy: (times: number) => Math.min(times * 100, 1000),
  });
}

/** "Redis at host:port" (or its Sentinels) without credentials, for start-up errors. */
export function describeRedis(url: string): string {
  return describeRedisTarget(url);
}

/** Rejects with a message naming Redis when it does not answer in time. */
export async function pingRedis(redis: Redis, timeoutMs = 3000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Redis did not answer PING in time')), timeoutMs);
  });
  try {
    if (redis.status === 'wait') await Promise.race([redis.connect(), timeout]);
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

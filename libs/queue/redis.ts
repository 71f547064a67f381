import { Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

/**
 * BullMQ requires maxRetriesPerRequest: null on connections its workers use; it also suits the API, which
 * should wait out a short Redis restart rather than fail every command at once.
 */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, lazyConnect: true, enableOfflineQueue: true });
}

/** "Redis at host:port" without credentials, for start-up errors. */
export function describeRedis(url: string): string {
  try {
    const u = new URL(url);
    return `Redis at ${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'Redis (unparseable URL)';
  }
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

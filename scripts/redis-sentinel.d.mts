/** Types for scripts/redis-sentinel.mjs (a Redis primary, a replica and three Sentinels, for the failover test). */
export interface RedisSentinelSet {
  /** The REDIS_URL the API and worker take: redis-sentinel://host:port,…/name. */
  url: string;
  name: string;
  primaryPort: number;
  replicaPort: number;
  sentinelPorts: number[];
  /** The port the Sentinels name as the primary now. */
  primary(): Promise<number>;
  /** The primary dies (SIGKILL). */
  killPrimary(): Promise<void>;
  stop(): Promise<void>;
}
export function startRedisSentinel(options: { dataDir: string; downAfterMs?: number; log?: (line: string) => void }): Promise<RedisSentinelSet>;
export function redisCommand(port: number, command: string, done?: (reply: string) => boolean): Promise<string>;

/**
 * Where Redis is, as REDIS_URL gives it: a plain `redis://` or `rediss://` URL, or a Sentinel-watched primary,
 * `redis-sentinel://[:password@]host:port[,host:port…]/primaryName`, for which the client asks the Sentinels
 * which server is the primary now and follows a failover (README.md, Redis with failover).
 */
export type RedisTarget =
  { kind: 'url'; url: string } | { kind: 'sentinel'; sentinels: { host: string; port: number }[]; name: string; password: string | undefined };

const SENTINEL = /^redis-sentinel:\/\/(?::([^@]*)@)?([^/@]+)\/([A-Za-z0-9._-]{1,64})$/;
const HOST_PORT = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/;

/** The target, or why the value is not one (for the config check and start-up errors). */
export function parseRedisTarget(value: string): RedisTarget | { error: string } {
  const sentinel = SENTINEL.exec(value);
  if (value.startsWith('redis-sentinel:')) {
    if (!sentinel) return { error: 'must be redis-sentinel://[:password@]host:port[,host:port…]/primaryName' };
    const sentinels = [];
    for (const part of sentinel[2]!.split(',')) {
      const hp = HOST_PORT.exec(part);
      if (!hp || Number(hp[2]) < 1 || Number(hp[2]) > 65535) return { error: `names a Sentinel "${part}" that is not host:port` };
      sentinels.push({ host: hp[1]!.replace(/^\[|\]$/g, ''), port: Number(hp[2]) });
    }
    return { kind: 'sentinel', sentinels, name: sentinel[3]!, password: sentinel[1] ? decodeURIComponent(sentinel[1]) : undefined };
  }
  try {
    const u = new URL(value);
    return ['redis:', 'rediss:'].includes(u.protocol) ? { kind: 'url', url: value } : { error: 'must be a redis, rediss or redis-sentinel URL' };
  } catch {
    return { error: 'must be a URL' };
  }
}

/** "Redis at host:port", or the Sentinels and primary's name, never a password: for start-up errors and health. */
export function describeRedisTarget(value: string): string {
  const target = parseRedisTarget(value);
  if ('error' in target) return 'Redis (unparseable URL)';
  if (target.kind === 'sentinel') return `Redis primary "${target.name}" via Sentinel at ${target.sentinels.map((s) => `${s.host}:${s.port}`).join(', ')}`;
  const u = new URL(target.url);
  return `Redis at ${u.hostname}:${u.port || '6379'}`;
}

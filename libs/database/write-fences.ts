import type { Redis } from 'ioredis';

/**
 * Read-your-writes for the read replica (docs/scaling.md, Read replicas). After a transaction that wrote,
 * the primary's WAL position is recorded for each school in its scope; a replica-routed read of those
 * schools uses the replica only once the replica has replayed past it. Positions are WAL byte offsets
 * (`pg_lsn - '0/0'`) as 20-digit zero-padded decimals, so the greater of two compares greater as text.
 */
export interface WriteFences {
  record(schoolIds: readonly string[], position: string): Promise<void>;
  /** The furthest position recorded for any of these schools and not yet expired; null when none. */
  furthest(schoolIds: readonly string[]): Promise<string | null>;
}

export const WRITE_FENCES = Symbol('WRITE_FENCES');

/**
 * How long a fence holds. A replica further behind than this would show a school its old data again, so
 * it is far above the lag a healthy streaming standby has (milliseconds); alert on lag well below it.
 */
export const FENCE_TTL_MS = 60_000;

const key = (schoolId: string) => `replica:fence:${schoolId}`;

// Keeps the greater position (concurrent writers may finish out of order) and renews the expiry.
const RECORD_SCRIPT = `local cur = redis.call('get', KEYS[1])
if (not cur) or cur < ARGV[1] then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('pexpire', KEYS[1], ARGV[2]) end
return 1`;

/** Shared by every API and worker process, so a write through one process fences reads through another. */
export class RedisWriteFences implements WriteFences {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs = FENCE_TTL_MS,
  ) {}

  async record(schoolIds: readonly string[], position: string): Promise<void> {
    // One key a command: a Redis Cluster refuses scripts and MGETs across slots.
    await Promise.all(schoolIds.map((id) => this.redis.eval(RECORD_SCRIPT, 1, key(id), position, String(this.ttlMs))));
  }

  async furthest(schoolIds: readonly string[]): Promise<string | null> {
    const values = await Promise.all(schoolIds.map((id) => this.redis.get(key(id))));
    return furthestOf(values);
  }
}

/** One process only (tests, a single API): what RedisWriteFences does, in memory. */
export class MemoryWriteFences implements WriteFences {
  private readonly fences = new Map<string, { position: string; until: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = FENCE_TTL_MS,
  ) {}

  record(schoolIds: readonly string[], position: string): Promise<void> {
    const until = this.now() + this.ttlMs;
    for (const id of schoolIds) {
      const cur = this.fences.get(id);
      this.fences.set(id, { position: cur && cur.until > this.now() && cur.position > position ? cur.position : position, until });
    }
    return Promise.resolve();
  }

  furthest(schoolIds: readonly string[]): Promise<string | null> {
    const now = this.now();
    return Promise.resolve(furthestOf(schoolIds.map((id) => this.fences.get(id)).map((f) => (f && f.until > now ? f.position : null))));
  }
}

function furthestOf(values: readonly (string | null | undefined)[]): string | null {
  let max: string | null = null;
  for (const v of values) if (v && (max === null || v > max)) max = v;
  return max;
}

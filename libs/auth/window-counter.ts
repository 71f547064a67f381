import type { Redis } from 'ioredis';

/**
 * Counts hits per key in fixed one-minute windows. In Redis, so every API replica shares the count; when Redis
 * does not answer within `timeoutMs` (down, restarting), in this process instead, so an outage neither stops
 * people signing in (the API keeps serving) nor lifts the limit (each replica still enforces it).
 */
export class WindowCounter {
  private localWindow = -1;
  private readonly local = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly timeoutMs = 500,
    private readonly now: () => number = Date.now,
  ) {}

  /** The count of each key in the current window, this hit included, in the order given. */
  async hit(keys: string[]): Promise<number[]> {
    return (await this.take(keys)).counts;
  }

  /** As `hit`, also naming the window counted in, so the hit can be given back (`release`) in that window. */
  async take(keys: string[]): Promise<{ window: number; counts: number[] }> {
    const window = Math.floor(this.now() / 60_000);
    return { window, counts: await this.add(keys, window, 1) };
  }

  /** Takes back one hit per key in the window it was counted in (a sign-in that succeeded is not a guess). */
  async release(keys: string[], window: number): Promise<void> {
    await this.add(keys, window, -1);
  }

  private async add(keys: string[], window: number, by: 1 | -1): Promise<number[]> {
    const windowed = keys.map((k) => `${k}:${window}`);
    // One transaction per key (its count and expiry together), never one across keys: the keys of one hit may
    // live on different nodes of a Redis Cluster, which refuses a MULTI spanning slots (docs/scaling.md, section 3).
    const shared = Promise.all(windowed.map((key) => this.redis.multi().incrby(key, by).expire(key, 120).exec()));
    // A command queued while Redis is away still runs when it returns; its late answer is not wanted here.
    shared.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    try {
      const results = await Promise.race([shared, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.timeoutMs)))]);
      if (results) {
        const counts = results.map((r) => (r && !r[0]?.[0] ? Number(r[0]?.[1]) : Number.NaN));
        if (counts.every(Number.isFinite)) return counts;
      }
    } catch {
      // Redis refused: count here.
    } finally {
      clearTimeout(timer);
    }
    if (window > this.localWindow) {
      this.local.clear();
      this.localWindow = window;
    }
    // A release for a window already cleared here has nothing left to take back.
    if (window < this.localWindow) return windowed.map(() => 0);
    return windowed.map((key) => {
      const n = Math.max(0, (this.local.get(key) ?? 0) + by);
      this.local.set(key, n);
      return n;
    });
  }

  /** Seconds until the current window ends. */
  retryAfter(): number {
    return 60 - (Math.floor(this.now() / 1000) % 60);
  }
}

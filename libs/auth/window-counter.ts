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
    const window = Math.floor(this.now() / 60_000);
    const windowed = keys.map((k) => `${k}:${window}`);
    const pipeline = this.redis.multi();
    for (const key of windowed) pipeline.incr(key).expire(key, 120);
    const shared = pipeline.exec();
    // A command queued while Redis is away still runs when it returns; its late answer is not wanted here.
    shared.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    try {
      const results = await Promise.race([shared, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.timeoutMs)))]);
      if (results) return keys.map((_, i) => Number(results[i * 2]?.[1]));
    } catch {
      // Redis refused: count here.
    } finally {
      clearTimeout(timer);
    }
    if (window !== this.localWindow) {
      this.local.clear();
      this.localWindow = window;
    }
    return windowed.map((key) => {
      const n = (this.local.get(key) ?? 0) + 1;
      this.local.set(key, n);
      return n;
    });
  }

  /** Seconds until the current window ends. */
  retryAfter(): number {
    return 60 - (Math.floor(this.now() / 1000) % 60);
  }
}

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { WindowCounter } from '#libs/auth';
import { createRedis } from '#libs/queue';

/**
 * The rate limiters' counter, against real Redis clients: shared through Redis by every replica, and kept in
 * the process while Redis does not answer, so an outage neither blocks sign-in nor lifts the limit.
 */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

it('counts in Redis, shared by every replica, per one-minute window', async () => {
  const a = createRedis(process.env.REDIS_URL!, 'counter-a');
  const b = createRedis(process.env.REDIS_URL!, 'counter-b');
  try {
    let now = Date.UTC(2026, 10, 23, 9, 0, 10);
    const key = `test:${randomUUID()}`;
    const one = new WindowCounter(a, 2000, () => now);
    const two = new WindowCounter(b, 2000, () => now);
    expect(await one.hit([key, `${key}:other`])).toEqual([1, 1]);
    expect(await two.hit([key])).toEqual([2]);
    expect(await one.hit([key])).toEqual([3]);
    expect(one.retryAfter()).toBe(50);
    now += 60_000;
    expect(await two.hit([key])).toEqual([1]);
  } finally {
    a.disconnect();
    b.disconnect();
  }
});

it('when Redis does not answer, answers within its timeout and counts in the process, still per window', async () => {
  const away = createRedis(`redis://127.0.0.1:${await closedPort()}`, 'counter-away');
  away.on('error', () => undefined);
  try {
    let now = Date.UTC(2026, 10, 23, 9, 0, 10);
    const counter = new WindowCounter(away, 100, () => now);
    const started = Date.now();
    expect(await counter.hit(['login:ip:1', 'login:email:x'])).toEqual([1, 1]);
    expect(await counter.hit(['login:ip:1'])).toEqual([2]);
    expect(await counter.hit(['login:ip:1', 'login:email:y'])).toEqual([3, 1]);
    // A correctness bound (the request does not wait for Redis), not a speed target.
    expect(Date.now() - started).toBeLessThan(3000);
    now += 60_000;
    expect(await counter.hit(['login:ip:1'])).toEqual([1]);
  } finally {
    away.disconnect();
  }
});

it('gives a hit back in the window it was taken in, in Redis and in the process alike', async () => {
  const shared = createRedis(process.env.REDIS_URL!, 'counter-release');
  const away = createRedis(`redis://127.0.0.1:${await closedPort()}`, 'counter-release-away');
  away.on('error', () => undefined);
  let now = Date.UTC(2026, 10, 23, 9, 0, 50);
  try {
    for (const counter of [new WindowCounter(shared, 2000, () => now), new WindowCounter(away, 100, () => now)]) {
      const key = `test:${randomUUID()}`;
      await counter.hit([key]);
      const taken = await counter.take([key]);
      expect(taken.counts).toEqual([2]);
      await counter.release([key], taken.window);
      expect(await counter.hit([key])).toEqual([2]);
    }
    // In Redis, a slot taken just before the minute ended goes back to that minute, not the next.
    const counter = new WindowCounter(shared, 2000, () => now);
    const key = `test:${randomUUID()}`;
    const taken = await counter.take([key]);
    now += 20_000;
    expect(await counter.hit([key])).toEqual([1]);
    await counter.release([key], taken.window);
    expect(await counter.hit([key])).toEqual([2]);
  } finally {
    shared.disconnect();
    away.disconnect();
  }
});

it('never runs one transaction across keys, so a Redis Cluster can hold the keys of one hit on different nodes', async () => {
  const counter = createRedis(process.env.REDIS_URL!, 'counter-slots');
  const monitor = createRedis(process.env.REDIS_URL!, 'counter-monitor');
  try {
    const key = `test:${randomUUID()}`;
    // Only this client's commands: other suites use the same Redis at the same time.
    const address = /addr=(\S+)/.exec(String(await counter.client('INFO')))?.[1];
    expect(address).toBeDefined();
    const seen: string[][] = [];
    const feed = await monitor.monitor();
    feed.on('monitor', (_time: string, args: unknown[], source: string) => {
      if (source === address) seen.push(args.map(String));
    });
    await new WindowCounter(counter, 2000).hit([`${key}:email`, `${key}:address`]);
    await counter.ping(); // MONITOR reports commands in order: once the PING is seen, everything before it is.
    for (let i = 0; i < 100 && !seen.some((c) => c[0]?.toLowerCase() === 'ping'); i++) await new Promise((r) => setTimeout(r, 20));
    feed.disconnect();
    // Group the commands between each MULTI and its EXEC: each group names exactly one key.
    const keysPerTransaction: string[][] = [];
    let open: Set<string> | null = null;
    for (const [command, ...args] of seen) {
      const name = command!.toLowerCase();
      if (name === 'multi') open = new Set();
      else if (name === 'exec' && open) {
        keysPerTransaction.push([...open]);
        open = null;
      } else if (open && args[0]) open.add(args[0]);
    }
    expect(keysPerTransaction.map((keys) => keys.length)).toEqual([1, 1]);
    expect(
      keysPerTransaction
        .flat()
        .map((k) => k.replace(/:\d+$/, ''))
        .sort(),
    ).toEqual([`${key}:address`, `${key}:email`]);
  } finally {
    counter.disconnect();
    monitor.disconnect();
  }
});

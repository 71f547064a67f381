import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadHttp, type HttpRequestSpec } from './http-load.js';
import { medianFigures, type Figures } from './stats.js';

/** What bench.ts lends this scenario: how to start an API process on a database URL, and where the repo is. */
export interface PooledContext {
  root: string;
  dataDir: string;
  /** The app role's URL on the bench's PostgreSQL (PgBouncer is put in front of it). */
  databaseUrl: string;
  /** Starts one API process with this DATABASE_URL; resolves with its base URL once /health/ready answers. */
  startApi: (name: string, databaseUrl: string) => Promise<{ url: string; stop: () => Promise<void> }>;
  say: (line: string) => void;
}

export interface PooledResult {
  one: Figures;
  two: Figures;
  poolSize: number;
}

type StartPgbouncer = (o: {
  dataDir: string;
  upstream: string;
  poolSize?: number;
  log?: (l: string) => void;
}) => Promise<{ url: string; stop: () => Promise<void> }>;

/** Server connections PgBouncer keeps to PostgreSQL: what a production pool of this machine's size would allow. */
const POOL_SIZE = 8;

/**
 * Scenario 7: the register page through PgBouncer (transaction pooling, as docs/scaling.md runs it), served by
 * one API process and then by two behind it, with the same connections in total. Each round runs one, then two,
 * in turn; the figures are the medians. Two processes' load is two autocannon runs at once, half the connections
 * each: their throughputs add up, and the slower one's p50 and p99 are reported (a conservative merge).
 */
export async function runPooledScenario(
  ctx: PooledContext,
  requests: HttpRequestSpec[],
  o: { connections: number; durationSec: number; rounds: number },
): Promise<PooledResult> {
  const { startPgbouncer } = (await import(pathToFileURL(path.join(ctx.root, 'scripts', 'pgbouncer.mjs')).href)) as { startPgbouncer: StartPgbouncer };
  const bouncer = await startPgbouncer({ dataDir: ctx.dataDir, upstream: ctx.databaseUrl, poolSize: POOL_SIZE, log: (l) => ctx.say(`  ${l}`) });
  const stops: (() => Promise<void>)[] = [() => bouncer.stop()];
  try {
    const a = await ctx.startApi('pooled API 1', bouncer.url);
    stops.unshift(a.stop);
    const b = await ctx.startApi('pooled API 2', bouncer.url);
    stops.unshift(b.stop);
    const half = Math.max(1, Math.floor(o.connections / 2));
    const both = async (durationSec: number): Promise<Figures> => {
      const [x, y] = await Promise.all([
        loadHttp(a.url, requests, { connections: half, durationSec }),
        loadHttp(b.url, requests, { connections: o.connections - half || 1, durationSec }),
      ]);
      return { n: x.n + y.n, p50: Math.max(x.p50, y.p50), p99: Math.max(x.p99, y.p99), throughput: x.throughput + y.throughput, errors: x.errors + y.errors };
    };
    await loadHttp(a.url, requests, { connections: o.connections, durationSec: 2 }); // warm-up, both processes
    await loadHttp(b.url, requests, { connections: o.connections, durationSec: 2 });
    const rounds: { one: Figures; two: Figures }[] = [];
    for (let r = 0; r < o.rounds; r++) {
      rounds.push({ one: await loadHttp(a.url, requests, { connections: o.connections, durationSec: o.durationSec }), two: await both(o.durationSec) });
    }
    return { one: medianFigures(rounds.map((x) => x.one)), two: medianFigures(rounds.map((x) => x.two)), poolSize: POOL_SIZE };
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { API_NODE_ARGS } from '../../apps/api/node-args.js';
import { freePort } from './ports.js';

/** One built API or worker (dist/apps/<app>/main.js) run as production runs it, as a child process. */
export interface NodeProcess {
  name: string;
  child: ChildProcess;
  /** Its stdout and stderr, for the failure message (the apps log no personal data). */
  log: string[];
  /** For an API: where it listens. */
  url: string;
  alive: () => boolean;
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

function spawnApp(name: string, app: 'api' | 'worker', env: Record<string, string>, url = ''): NodeProcess {
  const child = spawn(process.execPath, [...(app === 'api' ? API_NODE_ARGS : []), `dist/apps/${app}/main.js`], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  child.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    log,
    url,
    alive,
    kill: (signal) =>
      alive()
        ? new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill(signal);
          })
        : Promise.resolve(),
  };
}

/** An API process on a free port, once it answers /health/ready. */
export async function startApiProcess(name: string, env: Record<string, string>): Promise<NodeProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const api = spawnApp(name, 'api', { ...env, API_PORT: String(port), API_HOST: '127.0.0.1', PUBLIC_URL: url }, url);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return api;
    if (!api.alive() || Date.now() > deadline) {
      await api.kill('SIGKILL');
      throw new Error(`${name} did not become ready (status ${status}):\n${api.log.join('').slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function startWorkerProcess(name: string, env: Record<string, string>): NodeProcess {
  return spawnApp(name, 'worker', env);
}

export interface Pgbouncer {
  url: string;
  adminUrl: string;
  stop: () => Promise<void>;
}
type StartPgbouncer = (options: { dataDir: string; upstream: string[]; poolSize?: number; log?: (line: string) => void }) => Promise<Pgbouncer>;

/** PgBouncer in transaction pooling mode in front of the test run's PostgreSQL, for the app role (scripts/pgbouncer.mjs). */
export async function startPgbouncer(poolSize: number): Promise<Pgbouncer> {
  const { startPgbouncer: start } = (await import(pathToFileURL(path.resolve('scripts/pgbouncer.mjs')).href)) as { startPgbouncer: StartPgbouncer };
  const dataDir = path.resolve(process.env.TEST_DATA_DIR || '.data/test', 'replicas');
  return start({ dataDir, upstream: [process.env.DATABASE_URL!], poolSize, log: () => undefined });
}

/**
 * Runs `count` calls of `request(i)` with at most `concurrency` in flight; resolves when all have settled.
 * `request` handles its own errors (a call to a killed process is an outcome the caller records).
 */
export async function runConcurrently(count: number, concurrency: number, request: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await request(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

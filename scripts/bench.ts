// The benchmark suite: `npm run bench -- --scale small|tenth|england`. It starts its own PostgreSQL and Redis
// (data kept in .data/bench/<scale>, so a scale is generated once and reused), loads the synthetic schools
// (scripts/seed-scale.ts), starts the API and the worker as production runs them (dist/apps/*/main.js), and
// runs each scenario next to its baseline, measured in the same run:
//   1. register page and 2. pupil plan read: the API under load (autocannon) against the same SQL replayed
//      directly through `pg`, and through a bare Fastify route (scripts/bench/bare-server.ts). "The same SQL"
//      is captured, statement by statement, from the API itself (scripts/bench/capture.ts). The register page
//      also has its floor: its one statement alone, prepared, with no row-level security, served bare;
//   3. recording a week of a group's sessions in one request, against the same writes done directly in SQL;
//   4. the SEN Information Report for the largest school (about 2,000 pupils) and for a 50-school trust, and
//      a PDF render of it by the worker, against the report's SQL through `pg`;
//   5. the daily review scan over every school: the worker's fan-out of one job per school against BullMQ's
//      raw `addBulk` of the same jobs, the time to find due reviews, and the plan of the due-review query;
//   6. email to a local SMTP server, through the worker's deliveries, against nodemailer sending directly;
//   7. the register page through PgBouncer, served by one API process and by two (scripts/bench/pooled.ts);
//   8. a school day's mix at England's peak shape, open loop: the highest rate held at p99 ≤ 100 ms, and from it
//      the API processes England's peak needs (scripts/bench/school-day.ts).
// Peak RSS of the API and worker is read from /proc (VmHWM). The table is printed and written as JSON.
// docs/performance.md explains each figure and holds the latest results.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { academicYearOf, addDays, dateInZone } from '#libs/core';
import { API_NODE_ARGS, WORKER_NODE_ARGS } from '../apps/api/node-args.js';
import { DUE_REVIEWS_SQL } from '#libs/notifications';
import { EMAIL_DOMAIN, SCALE_PASSWORD, URN_BASE } from './seed-scale-generate.js';
import { rebuildPendingIndexes } from './seed-scale-indexes.js';
import { startCapturer } from './bench/capture.js';
import { medianCpu, withCpu, type CpuPerRequest } from './bench/cpu.js';
import { loadHttp, type HttpRequestSpec } from './bench/http-load.js';
import { loadScripts, runScript, type Script } from './bench/pg-load.js';
import { runPooledScenario } from './bench/pooled.js';
import { runSchoolDay } from './bench/school-day.js';
import { nodemailerDirect, type DirectMessage } from './bench/nodemailer-direct.js';
import { startSmtpSink } from './bench/smtp-sink.js';
import { figures, medianFigures, round, type Figures } from './bench/stats.js';

/**
 * PostgreSQL as a production server of this size would be set up (the defaults, 128 MB of shared buffers
 * and 1 GB of WAL between checkpoints, are for a laptop): a quarter of memory for shared buffers, planner
 * costs for an SSD, and room for bulk loads. Durability settings are left at their safe defaults.
 */
const PG_SETTINGS = [
  `shared_buffers=${Math.max(128, Math.min(8192, Math.floor(os.totalmem() / 2 ** 20 / 4)))}MB`,
  `effective_cache_size=${Math.max(512, Math.floor((os.totalmem() / 2 ** 20) * 0.6))}MB`,
  'maintenance_work_mem=512MB',
  'work_mem=16MB',
  'max_wal_size=8GB',
  'checkpoint_timeout=15min',
  'random_page_cost=1.1',
];
const SCALES = { small: 50, tenth: 2_400, england: 24_000 } as const;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const DIST = path.join(ROOT, 'dist');

const USAGE = `Usage: npm run bench -- [options]

  --scale NAME        small (50 schools, default) | tenth (2,400) | england (24,000)
  --schools N         another number of schools (data in .data/bench/N)
  --seed S            generator seed (default 1)
  --duration S        seconds of load per run of scenarios 1 and 2 (default 10), and per step of 8 (at most 5)
  --connections N     concurrent connections / loops (default 8)
  --sample N          schools whose SENCOs drive scenarios 1-3, and whose staff, heads and parents drive 8 (default 40)
  --mail N            at most this many emails timed in scenario 6 (default 2000, and 0 at --scale england,
                      where 380,000 reviews' fan-out jobs queue ahead of the first email; 0 skips scenario 6)
  --prepare           only start the services and load the data (then stop): for a long load ahead of time
  --rounds N          rounds of scenarios 1 and 2, API, pg and bare in turn; medians reported (default 3)
  --only 1,2,…        run only these scenarios (5 includes 6; 7 is the register page through PgBouncer, 1 API vs 2;
                      8 is a school day's mix, open loop, at the highest rate held at p99 ≤ 100 ms)
  --profile           run the API and the worker with --cpu-prof (profiles in .data/bench/<scale>/profiles)
  --reseed            purge and generate the data again even if the scale is already loaded
  --indexes-during    load with every index in place, maintained row by row (the loader's default outside the
                      bench), not with the secondary indexes built after the load: for comparing the two
  --out FILE          where the JSON goes (default .data/bench/<scale>/results.json)
  --help              this text`;

interface Options {
  label: string;
  schools: number;
  seed: string;
  durationSec: number;
  connections: number;
  sample: number;
  mail: number;
  reseed: boolean;
  indexesDuring: boolean;
  prepare: boolean;
  only: number[] | null;
  rounds: number;
  profile: boolean;
  out: string | null;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    label: 'small',
    schools: SCALES.small,
    seed: '1',
    durationSec: 10,
    connections: 8,
    sample: 40,
    mail: 2000,
    reseed: false,
    indexesDuring: false,
    prepare: false,
    only: null,
    rounds: 3,
    profile: false,
    out: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    const int = (min: number, max: number) => {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) fail(`${arg} must be a whole number from ${min} to ${max}`);
      return Number(v);
    };
    if (arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg === '--scale') {
      const v = value();
      if (!(v in SCALES)) fail(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
      o.label = v;
      o.schools = SCALES[v as keyof typeof SCALES];
    } else if (arg === '--schools') {
      o.schools = int(1, 99_000);
      o.label = String(o.schools);
    } else if (arg === '--seed') o.seed = value();
    else if (arg === '--duration') o.durationSec = int(1, 600);
    else if (arg === '--connections') o.connections = int(1, 256);
    else if (arg === '--sample') o.sample = int(1, 1000);
    else if (arg === '--mail') o.mail = int(0, 1_000_000);
    else if (arg === '--reseed') o.reseed = true;
    else if (arg === '--indexes-during') o.indexesDuring = true;
    else if (arg === '--prepare') o.prepare = true;
    else if (arg === '--profile') o.profile = true;
    else if (arg === '--rounds') o.rounds = int(1, 20);
    else if (arg === '--only') {
      const v = value();
      if (!/^[1-8](,[1-8])*$/.test(v)) fail('--only takes scenario numbers 1-8, comma-separated');
      o.only = v.split(',').map(Number);
    } else if (arg === '--out') o.out = value();
    else fail(`unknown option ${arg} (see --help)`);
  }
  // At England scale the email scenario cannot finish: 380,000 reviews' fan-out jobs queue ahead of the first
  // email (docs/performance.md). Skipped there unless --mail is given.
  if (o.label === 'england' && !argv.includes('--mail')) o.mail = 0;
  return o;
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const todayInLondon = () => dateInZone(new Date(), 'Europe/London');

// -----------------------------------------------------------------------------------------------------------
// Processes

function runNode(script: string, args: string[], env: NodeJS.ProcessEnv, capture = false): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let stdout = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      for (const line of c.toString().split('\n')) if (line && !line.startsWith('{')) process.stdout.write(`  ${line}\n`);
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

interface Service {
  child: ChildProcess;
  stop(): Promise<void>;
}

function startNode(name: string, script: string, env: NodeJS.ProcessEnv, logFile: string, nodeArgs: string[] = []): Service {
  // The child writes its log straight into the file: relayed through a pipe, each line would wake this
  // process, which is also the load generator, and a full pipe would stall the child's synchronous writes.
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, script], { env, stdio: ['ignore', log, log] });
  closeSync(log);
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGKILL') say(`  ${name} exited (${code ?? signal}); see ${path.relative(ROOT, logFile)}`);
  });
  return {
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Peak resident set size of a live process, in MB (VmHWM: the kernel's high-water mark). */
function peakRssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

// -----------------------------------------------------------------------------------------------------------
// Results

interface Row {
  scenario: string;
  subject: Figures & { unit?: string };
  baselines: { name: string; figures: Figures & { unit?: string } }[];
  target?: { text: string; met: boolean | null };
  notes?: string[];
}

const results: Row[] = [];
const extras: Record<string, unknown> = {};

function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}
function fmtRate(x: number, unit = '/s'): string {
  return Number.isFinite(x) ? `${x >= 100 ? Math.round(x).toLocaleString('en-GB') : x.toFixed(1)}${unit}` : '–';
}

function printTable(): string {
  const lines: string[] = [];
  const header = ['scenario', 'measured', 'p50', 'p99', 'throughput', 'n', 'target'];
  const rows: string[][] = [];
  for (const r of results) {
    rows.push([
      r.scenario,
      'API / worker',
      fmtMs(r.subject.p50),
      fmtMs(r.subject.p99),
      fmtRate(r.subject.throughput, r.subject.unit ?? '/s'),
      String(r.subject.n),
      r.target ? `${r.target.met === null ? '?' : r.target.met ? 'MET' : 'MISSED'}: ${r.target.text}` : '',
    ]);
    for (const b of r.baselines)
      rows.push([
        '',
        `baseline: ${b.name}`,
        fmtMs(b.figures.p50),
        fmtMs(b.figures.p99),
        fmtRate(b.figures.throughput, b.figures.unit ?? '/s'),
        String(b.figures.n),
        '',
      ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmtRow = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  lines.push(fmtRow(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(fmtRow));
  return lines.join('\n');
}

// -----------------------------------------------------------------------------------------------------------
// The run

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const dataDir = path.join(ROOT, '.data', 'bench', opts.label);
  mkdirSync(dataDir, { recursive: true });
  const { startServices } = (await import(path.join(ROOT, 'scripts', 'services.mjs'))) as {
    startServices: (o: {
      dataDir: string;
      pgSettings?: string[];
      log?: (l: string) => void;
    }) => Promise<{ databaseUrl: string; migrationDatabaseUrl: string; redisUrl: string; superuserUrl?: string; stop: () => Promise<void> }>;
  };
  say(`▶ bench at scale ${opts.label} (${opts.schools.toLocaleString('en-GB')} schools), seed ${opts.seed}; data in ${path.relative(ROOT, dataDir)}`);
  const services = await startServices({ dataDir, pgSettings: PG_SETTINGS, log: (l) => say(`  ${l}`) });
  if (!services.superuserUrl) fail('the benchmark needs the local PostgreSQL it starts itself (unset DATABASE_URL and MIGRATION_DATABASE_URL)');
  const superUrl = services.superuserUrl.replace(/\/postgres$/, '/sen');
  const cleanups: (() => Promise<unknown>)[] = [() => services.stop()];
  // Each step at most 20 s: one that hangs (a run of `--only 4` once left its API running this way) must not
  // keep the rest, the API's and the database's own stop among them, from running.
  const cleanup = async () => {
    for (const c of cleanups.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 20_000)));
      if ((await Promise.race([c().catch(() => undefined), late])) === 'late')
        say(`  (a clean-up step took over 20 s and was left: ${c.toString().slice(0, 80)})`);
      clearTimeout(timer);
    }
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    await run(opts, dataDir, services, superUrl, cleanups, t0);
  } finally {
    await cleanup();
  }
}

async function run(
  opts: Options,
  dataDir: string,
  services: { databaseUrl: string; migrationDatabaseUrl: string; redisUrl: string },
  superUrl: string,
  cleanups: (() => Promise<unknown>)[],
  t0: number,
): Promise<void> {
  const want = (n: number) => !opts.only || opts.only.includes(n);
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: services.databaseUrl,
    MIGRATION_DATABASE_URL: services.migrationDatabaseUrl,
    REDIS_URL: services.redisUrl,
    LOGIN_FAILURES_PER_ADDRESS_ACCOUNT: '10000',
    LOGIN_FAILURES_PER_ACCOUNT: '10000',
    LOGIN_ATTEMPTS_PER_ADDRESS: '100000',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '10000',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
  };

  // A load killed mid-way leaves the secondary indexes it dropped recorded (scripts/seed-scale-indexes.ts):
  // build them before anything else, migrations included.
  const indexesFile = path.join(dataDir, 'indexes-pending.json');
  {
    const owner = new pg.Client({ connectionString: services.migrationDatabaseUrl });
    await owner.connect();
    try {
      const connect = async () => {
        const c = new pg.Client({ connectionString: services.migrationDatabaseUrl });
        await c.connect();
        return c;
      };
      const rebuilt = await rebuildPendingIndexes(owner, { file: indexesFile, log: (l) => say(`  ${l}`), connect });
      if (rebuilt) say(`▶ Built ${rebuilt.built.length} indexes an interrupted load had left dropped, in ${(rebuilt.ms / 1000).toFixed(1)} s`);
    } finally {
      await owner.end();
    }
  }

  say('▶ Migrating');
  if ((await runNode(path.join(DIST, 'libs/database/migrate.cli.js'), [], baseEnv)).code !== 0) throw new Error('migration failed');

  // ---- data
  const generatorHash = createHash('sha256')
    .update(readFileSync(path.join(DIST, 'scripts/seed-scale-generate.js')))
    .digest('hex')
    .slice(0, 16);
  const markerFile = path.join(dataDir, 'seeded.json');
  const marker = existsSync(markerFile)
    ? (JSON.parse(readFileSync(markerFile, 'utf8')) as {
        schools: number;
        seed: string;
        generator: string;
        today: string;
        seconds: number;
        /** Of `seconds`, building the secondary indexes after the load (absent in markers of older loads). */
        indexSeconds?: number;
        rows: number;
        pupils: number;
      })
    : null;
  let seeded = marker;
  if (!marker || opts.reseed || marker.schools !== opts.schools || marker.seed !== opts.seed || marker.generator !== generatorHash) {
    // The marker goes first: a purge or load that does not finish must not leave it vouching for the data.
    // The purge runs even without one, for the schools of a load that was killed before it wrote its marker.
    rmSync(markerFile, { force: true });
    say(marker ? '▶ Removing the previous synthetic data (another scale, seed or generator)' : '▶ Removing any synthetic data of an unfinished load');
    if ((await runNode(path.join(DIST, 'scripts/seed-scale.js'), ['--purge'], baseEnv)).code !== 0) throw new Error('purge failed');
    const today = todayInLondon();
    say(
      `▶ Generating ${opts.schools.toLocaleString('en-GB')} schools (as of ${today}), ${opts.indexesDuring ? 'every index in place' : 'secondary indexes built after the load'}`,
    );
    // --indexes-after: the bench's database is its own, so the load may drop the secondary indexes and build
    // them at the end (scripts/seed-scale.ts); the definitions are also kept in the data directory.
    const { code, stdout } = await runNode(
      path.join(DIST, 'scripts/seed-scale.js'),
      [
        ...['--schools', String(opts.schools), '--seed', opts.seed, '--today', today, '--offset', '0', '--json'],
        ...(opts.indexesDuring ? [] : ['--indexes-after', '--indexes-file', indexesFile]),
      ],
      baseEnv,
      true,
    );
    if (code !== 0) throw new Error('seeding failed');
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      rows: number;
      seconds: number;
      schools: { pupils: number }[];
      indexesAfter?: { indexes: number; seconds: number };
    };
    seeded = {
      schools: opts.schools,
      seed: opts.seed,
      generator: generatorHash,
      today,
      seconds: round(summary.seconds, 1),
      indexSeconds: round(summary.indexesAfter?.seconds ?? 0, 1),
      rows: summary.rows,
      pupils: summary.schools.reduce((a, s) => a + s.pupils, 0),
    };
    writeFileSync(markerFile, JSON.stringify(seeded, null, 2));
  } else {
    say(
      `▶ Reusing the ${opts.schools.toLocaleString('en-GB')} schools loaded on ${marker.today} (${marker.rows.toLocaleString('en-GB')} rows in ${marker.seconds} s); --reseed to generate again`,
    );
  }
  extras.data = seeded;
  if (opts.prepare) {
    const indexes = seeded!.indexSeconds ? `, ${seeded!.indexSeconds} s of it building the secondary indexes after the load` : '';
    say(`▶ Data ready (${seeded!.rows.toLocaleString('en-GB')} rows, loaded in ${seeded!.seconds} s${indexes}); --prepare stops here`);
    return;
  }

  const su = new pg.Pool({ connectionString: superUrl, max: 4 });
  // An idle connection the server closes as it stops at clean-up is not a failure of the run (it ended the run
  // with an unhandled 'error' event after its table was printed).
  su.on('error', () => undefined);
  cleanups.push(() => su.end());
  const asOf = todayInLondon();
  const year = academicYearOf(asOf);

  // The 50-school trust and its lead (the generator's trusts have 3-12 schools).
  const trustSchools = Math.min(50, opts.schools);
  await su.query(
    `insert into trusts (id, name) values ('00000000-0000-4000-8000-0000000be7c0', 'Benchmark Learning Trust (synthetic)') on conflict (id) do nothing`,
  );
  await su.query(`update schools set trust_id = '00000000-0000-4000-8000-0000000be7c0' where urn::int between $1 and $2`, [
    URN_BASE,
    URN_BASE + trustSchools - 1,
  ]);
  const hash = (await su.query<{ password_hash: string }>(`select password_hash from users where email = $1`, [`senco.${URN_BASE}@${EMAIL_DOMAIN}`])).rows[0]!
    .password_hash;
  await su.query(
    `insert into users (id, email, display_name, password_hash) values ('00000000-0000-4000-8000-0000000be7c1', $1, 'Benchmark Trust Lead', $2) on conflict (id) do nothing`,
    [`trust-lead.bench@${EMAIL_DOMAIN}`, hash],
  );
  await su.query(
    `insert into trust_memberships (trust_id, user_id) values ('00000000-0000-4000-8000-0000000be7c0', '00000000-0000-4000-8000-0000000be7c1') on conflict do nothing`,
  );

  // ---- processes
  const smtp = await startSmtpSink();
  cleanups.push(() => smtp.close());
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const apiEnv = { ...baseEnv, API_PORT: String(apiPort), PUBLIC_URL: apiUrl };
  const workerEnv = (prefix: string) => ({ ...baseEnv, SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, PUBLIC_URL: apiUrl, OUTBOX_RELAY_INTERVAL_MS: '200' });
  say('▶ Starting the API and the worker (logs in .data/bench/<scale>/*.log)');
  const profileArgs = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(dataDir, 'profiles')}`] : [];
  const api = startNode('API', path.join(DIST, 'apps/api/main.js'), apiEnv, path.join(dataDir, 'api.log'), [...API_NODE_ARGS, ...profileArgs]);
  cleanups.push(() => api.stop());
  let workerPrefix = `bench${Date.now().toString(36)}`;
  let worker = startNode('worker', path.join(DIST, 'apps/worker/main.js'), workerEnv(workerPrefix), path.join(dataDir, 'worker.log'), [
    ...WORKER_NODE_ARGS,
    ...profileArgs,
  ]);
  cleanups.push(() => worker.stop());
  await waitFor('the API', 60_000, async () => (await fetch(`${apiUrl}/health/ready`)).ok);

  const login = async (email: string): Promise<string> => {
    const res = await fetch(`${apiUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: SCALE_PASSWORD }),
    });
    if (!res.ok) throw new Error(`login failed for a synthetic user: ${res.status}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const get = async <T>(url: string, token: string): Promise<T> => {
    const res = await fetch(`${apiUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${url.replace(/[0-9a-f-]{36}/g, ':id')}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  // The sample: schools spread evenly over the whole range, each driven by its SENCO.
  const step = Math.max(1, Math.floor(opts.schools / Math.min(opts.sample, opts.schools)));
  const sampleUrns = Array.from({ length: Math.min(opts.sample, opts.schools) }, (_, i) => String(URN_BASE + i * step));
  const sample = (await su.query<{ id: string; urn: string }>(`select id, urn from schools where urn = any($1) order by urn`, [sampleUrns])).rows;
  say(`▶ Logging in ${sample.length} SENCOs`);
  const tokens = new Map<string, string>();
  for (const s of sample) tokens.set(s.id, await login(`senco.${s.urn}@${EMAIL_DOMAIN}`));

  const capturer = await startCapturer(apiEnv);
  let capturerOpen = true;
  cleanups.push(() => (capturerOpen ? capturer.close() : Promise.resolve()));
  const appPool = new pg.Pool({ connectionString: services.databaseUrl, max: 10 });
  appPool.on('error', () => undefined);
  cleanups.push(() => appPool.end());

  // ---- 1 and 2: register page, plan read
  const registerRequests: HttpRequestSpec[] = [];
  for (const s of sample) {
    const token = tokens.get(s.id)!;
    const first = `/v1/schools/${s.id}/register?status=K,E&sort=name&limit=50`;
    registerRequests.push({ method: 'GET', path: first, headers: { authorization: `Bearer ${token}` } });
    const page = await get<{ nextCursor: string | null }>(first, token);
    if (page.nextCursor)
      registerRequests.push({ method: 'GET', path: `${first}&cursor=${encodeURIComponent(page.nextCursor)}`, headers: { authorization: `Bearer ${token}` } });
  }
  const planPupils = (
    await su.query<{ school_id: string; pupil_id: string }>(
      `select school_id, pupil_id from (select c.school_id, c.pupil_id, row_number() over (partition by c.school_id order by c.pupil_id) as k
         from plan_cycles c where c.school_id = any($1) and c.status = 'active') x where k <= 3 order by school_id, pupil_id`,
      [sample.map((s) => s.id)],
    )
  ).rows;
  const planRequests: HttpRequestSpec[] = planPupils.map((p) => ({
    method: 'GET',
    path: `/v1/schools/${p.school_id}/pupils/${p.pupil_id}/plan`,
    headers: { authorization: `Bearer ${tokens.get(p.school_id)!}` },
  }));

  const scriptsFor = async (requests: HttpRequestSpec[]): Promise<Script[]> => {
    const out: Script[] = [];
    for (const r of requests) {
      // The second run of each request, as the API runs it under load: what a process keeps (a school's time
      // zone, libs/register/school-today.ts) is kept by then.
      await capturer.capture(r.method, r.path, r.headers!.authorization!.slice(7));
      const captured = await capturer.capture(r.method, r.path, r.headers!.authorization!.slice(7));
      if (captured.status !== 200) throw new Error(`capturing ${r.path.replace(/[0-9a-f-]{36}/g, ':id')}: ${captured.status} ${captured.body.slice(0, 300)}`);
      out.push(preparedAsTheApi(captured.script));
    }
    return out;
  };
  say(`▶ Capturing the SQL of ${registerRequests.length} register pages and ${planRequests.length} plan reads`);
  const registerScripts = await scriptsFor(registerRequests);
  const planScripts = await scriptsFor(planRequests);
  extras.statementsPerRequest = { register: registerScripts[0]!.length, plan: planScripts[0]!.length };
  extras.registerSql = registerScripts[0]!.map((s) => s.sql);
  extras.planSql = planScripts[0]!.map((s) => s.sql);
  // The plans of the hot queries, as the API's role runs them (the large school's first register page, and
  // the targets of a plan read).
  extras.registerQueryPlan = await explainCaptured(appPool, registerScripts[0]!, /^select p\.id, p\.upn/);
  extras.planTargetsQueryPlan = await explainCaptured(appPool, planScripts[0]!, /FROM "plan_targets"/);

  // The register page's floor (issue 24): its one statement alone, as a named prepared statement, run as a
  // role row-level security does not apply to, so with no transaction or settings around it; served by the
  // bare Fastify route. That is what the database can do for the page.
  const registerFloor = registerScripts.map((script) => floorOf(script, /^select p\.id, p\.upn/));
  // The plan read's floor: every read it makes, as the API writes them, in one statement (each a subquery
  // returning its rows as JSON), prepared, in the app role's transaction with its settings. Several of the
  // reads find the school's rows through row-level security alone, so as a role RLS does not apply to they
  // would read every school's. Planned for each run: a generic plan of so large a statement made some runs
  // take seconds. Not in it: the principal and the access log's insert, which the API must make.
  const planFloor = planScripts.map(oneStatementOf);
  extras.planFloorSql = planFloor[0]![1]!.sql;
  const scriptsFile = path.join(dataDir, 'scripts.json');
  writeFileSync(scriptsFile, JSON.stringify({ register: registerScripts, plan: planScripts, 'register-floor': registerFloor, 'plan-floor': planFloor }));
  const bare = spawn(process.execPath, [path.join(DIST, 'scripts/bench/bare-server.js')], {
    env: { ...baseEnv, BENCH_SCRIPTS: scriptsFile, FLOOR_DATABASE_URL: superUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(async () => {
    if (bare.exitCode === null && bare.signalCode === null) {
      bare.kill('SIGTERM');
      await new Promise((r) => bare.once('exit', r));
    }
  });
  const barePort = await new Promise<number>((resolve, reject) => {
    bare.stdout.once('data', (c: Buffer) => resolve((JSON.parse(c.toString().split('\n')[0]!) as { port: number }).port));
    bare.once('exit', () => reject(new Error('the bare Fastify baseline did not start')));
  });
  const bareUrl = `http://127.0.0.1:${barePort}`;

  const duration = opts.durationSec;
  const c = opts.connections;
  for (const [name, requests, scripts, set] of [
    ['1. register page (50 rows, K+E, keyset)', registerRequests, registerScripts, 'register'],
    ['2. pupil plan read (current cycle)', planRequests, planScripts, 'plan'],
  ] as const) {
    if (!want(Number(name[0]))) continue;
    say(`▶ ${name}: ${opts.rounds} rounds of ${duration} s each, ${c} connections`);
    await loadHttp(apiUrl, requests, { connections: c, durationSec: 2 }); // warm-up
    const bareRequests: HttpRequestSpec[] = scripts.map((_, i) => ({ method: 'GET', path: `/${set}/${i}` }));
    await loadScripts(appPool, scripts, { concurrency: c, durationMs: 2000 });
    await loadHttp(bareUrl, bareRequests, { connections: c, durationSec: 2 });
    // Rounds of API, pg, bare in turn, each figure the median of its rounds: a burst of other work on the
    // machine then moves one round, not the result.
    const floorRequests: HttpRequestSpec[] = scripts.map((_, i) => ({ method: 'GET', path: `/${set}-floor/${i}` }));
    await loadHttp(bareUrl, floorRequests, { connections: c, durationSec: 2 });
    type Measured = Figures & { cpu?: CpuPerRequest };
    const rounds: { api: Measured; pg: Measured; bare: Measured; floor: Measured }[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      rounds.push({
        api: await withCpu(api.child.pid, () => loadHttp(apiUrl, requests, { connections: c, durationSec: duration })),
        pg: await withCpu(process.pid, () => loadScripts(appPool, scripts, { concurrency: c, durationMs: duration * 1000 })),
        bare: await withCpu(bare.pid, () => loadHttp(bareUrl, bareRequests, { connections: c, durationSec: duration })),
        floor: await withCpu(bare.pid, () => loadHttp(bareUrl, floorRequests, { connections: c, durationSec: duration })),
      });
    }
    const viaApi = medianFigures(rounds.map((x) => x.api));
    const viaPg = medianFigures(rounds.map((x) => x.pg));
    const viaBare = medianFigures(rounds.map((x) => x.bare));
    const viaFloor = medianFigures(rounds.map((x) => x.floor));
    // Issue 24's targets: against the floor, what the database can do for the page. Where the API's own
    // statements replayed bare are faster than the floor as written (the plan read's reads in one statement
    // plan slowly under RLS at 2,400 schools), that is the lower bound, and the target is against it.
    const floorIsFaster = viaFloor.throughput >= viaBare.throughput;
    const ref = floorIsFaster ? viaFloor : viaBare;
    const refName = floorIsFaster ? 'floor' : 'bare (faster than its floor)';
    const p50Ratio = viaApi.p50 / ref.p50;
    // Each round's pair, so the machine's spread shows beside the medians.
    const eachRound = `each round, API against ${refName}: ${rounds
      .map((x) => {
        const r = floorIsFaster ? x.floor : x.bare;
        return `${Math.round(x.api.throughput)}/${Math.round(r.throughput)}/s (${Math.round((100 * x.api.throughput) / r.throughput)}%)`;
      })
      .join(', ')}`;
    const thrRatio = viaApi.throughput / ref.throughput;
    // What a request cost each side in CPU, beside the rates: the rates follow the machine's hour, these less.
    const cpuOf = (pick: (x: (typeof rounds)[number]) => Measured) => medianCpu(rounds.map((x) => pick(x).cpu));
    const apiCpu = cpuOf((x) => x.api);
    const refCpu = cpuOf((x) => (floorIsFaster ? x.floor : x.bare));
    const cpuNote =
      apiCpu && refCpu
        ? `CPU per request, API against ${refName} (medians of rounds, ${os.cpus().length} cores shared): its process ${fmtMs(apiCpu.server)} against ${fmtMs(refCpu.server)}, ` +
          `PostgreSQL ${fmtMs(apiCpu.postgres)} against ${fmtMs(refCpu.postgres)} (${fmtMs(cpuOf((x) => x.pg)?.postgres ?? Number.NaN)} for the API's statements replayed via pg), ` +
          `this load generator ${fmtMs(apiCpu.bench)} against ${fmtMs(refCpu.bench)}`
        : null;
    results.push({
      scenario: name,
      subject: viaApi,
      baselines: [
        { name: `same SQL via pg, prepared (${scripts[0]!.length} statements)`, figures: viaPg },
        { name: 'bare Fastify + pg, same SQL prepared', figures: viaBare },
        {
          name: set === 'register' ? 'floor: its one statement, prepared, bare' : 'floor: its reads in one statement, prepared, under RLS, bare',
          figures: viaFloor,
        },
      ],
      target: {
        text: `p50 ≤ 2× ${refName} (${p50Ratio.toFixed(2)}×), throughput ≥ 50% of it (${Math.round(thrRatio * 100)}%)`,
        met: p50Ratio <= 2 && thrRatio >= 0.5,
      },
      notes: cpuNote ? [eachRound, cpuNote] : [eachRound],
    });
    say(
      `  API p50 ${fmtMs(viaApi.p50)}, ${fmtRate(viaApi.throughput)}; pg p50 ${fmtMs(viaPg.p50)}; bare ${fmtRate(viaBare.throughput)}` +
        `; floor p50 ${fmtMs(viaFloor.p50)}, ${fmtRate(viaFloor.throughput)}\n  ${eachRound}${cpuNote ? `\n  ${cpuNote}` : ''}`,
    );
  }
  bare.kill('SIGTERM');

  let workerPeak: number | null = null;
  if (want(3)) {
    // ---- 3: a week of sessions in one request
    say('▶ 3. recording a week of sessions for a group');
    const weekEnd = addDays(asOf, -((new Date(`${asOf}T00:00:00Z`).getUTCDay() + 1) % 7) - 1); // the last Friday before today
    const weeks = [0, 1, 2, 3].map((k) => ({ from: addDays(weekEnd, -4 - 7 * k), to: addDays(weekEnd, -7 * k) }));
    const groups = (
      await su.query<{ id: string; school_id: string }>(
        `select g.id, g.school_id from intervention_groups g
          where g.school_id = any($1) and exists (select 1 from intervention_sessions s where s.group_id = g.id and s.date between $2 and $3)
          order by g.school_id, g.id`,
        [sample.map((s) => s.id), weeks.at(-1)!.from, weeks[0]!.to],
      )
    ).rows;
    // Those weeks' sessions are set back to "planned" first (they were recorded by the generator, or by a
    // previous run), so every run records the same work: a benchmark-only reset, as the superuser.
    await resetSessions(
      su,
      groups.map((g) => g.id),
      weeks.at(-1)!.from,
      weeks[0]!.to,
    );
    const items: {
      school: string;
      group: string;
      sessions: { sessionId: string; status: 'delivered'; attendance: { pupilId: string; present: boolean; progressScore: number }[] }[];
    }[] = [];
    for (const g of groups) {
      const token = tokens.get(g.school_id)!;
      for (const w of weeks) {
        const sessions = await get<{ id: string; status: string; enrolled: string[] }[]>(
          `/v1/schools/${g.school_id}/intervention-groups/${g.id}/sessions?from=${w.from}&to=${w.to}`,
          token,
        );
        const planned = sessions.filter((s) => s.status === 'planned');
        if (planned.length > 0)
          items.push({
            school: g.school_id,
            group: g.id,
            sessions: planned.map((s) => ({
              sessionId: s.id,
              status: 'delivered',
              attendance: s.enrolled.map((pupilId) => ({ pupilId, present: true, progressScore: 3 })),
            })),
          });
      }
    }
    const half = Math.floor(items.length / 2);
    const apiItems = items.filter((_, i) => i % 2 === 0);
    const pgItems = items.filter((_, i) => i % 2 === 1);
    const recordRequests: HttpRequestSpec[] = apiItems.map((it) => ({
      method: 'POST',
      path: `/v1/schools/${it.school}/intervention-groups/${it.group}/sessions/record`,
      headers: { authorization: `Bearer ${tokens.get(it.school)!}` },
      body: JSON.stringify({ sessions: it.sessions }),
    }));
    const sencoOf = new Map(
      (
        await su.query<{ school_id: string; user_id: string }>(`select school_id, user_id from memberships where school_id = any($1) and role = 'senco'`, [
          sample.map((s) => s.id),
        ])
      ).rows.map((r) => [r.school_id, r.user_id]),
    );
    const recordScripts: Script[] = pgItems.map((it) => recordSql(it, sencoOf.get(it.school)!));
    const recordApi = await loadHttp(apiUrl, recordRequests, { connections: c, amount: recordRequests.length });
    const recordPg = await loadScripts(appPool, recordScripts, { concurrency: c, amount: recordScripts.length });
    const sessionsPerItem = items.reduce((a, it) => a + it.sessions.length, 0) / Math.max(1, items.length);
    results.push({
      scenario: `3. record a week of a group's sessions (${sessionsPerItem.toFixed(1)} sessions avg)`,
      subject: recordApi,
      baselines: [{ name: 'the same writes in SQL via pg', figures: recordPg }],
      notes: [`${half} weeks recorded through the API, ${recordScripts.length} directly`],
    });
    say(`  API p50 ${fmtMs(recordApi.p50)}, ${fmtRate(recordApi.throughput)} (${recordApi.n} weeks); pg p50 ${fmtMs(recordPg.p50)}`);
  }
  if (want(4)) {
    // ---- 4: the SEN Information Report
    say('▶ 4. SEN Information Report');
    const largest = (
      await su.query<{ id: string; urn: string; pupils: number }>(
        `select s.id, s.urn, count(p.id)::int as pupils from schools s join pupils p on p.school_id = s.id
        where s.urn::int between $1 and $2 group by s.id, s.urn order by 3 desc limit 1`,
        [URN_BASE, URN_BASE + trustSchools - 1],
      )
    ).rows[0]!;
    const reportSenco = await login(`senco.${largest.urn}@${EMAIL_DOMAIN}`);
    const reportPath = `/v1/schools/${largest.id}/sen-reports/${year}`;
    const put = await fetch(`${apiUrl}${reportPath}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${reportSenco}`, 'content-type': 'application/json' },
      body: JSON.stringify({ texts: { item1: 'Benchmark text: how the school identifies and supports pupils with SEN.' }, complaintsCount: 0 }),
    });
    if (!put.ok) throw new Error(`saving the report: ${put.status} ${await put.text()}`);
    const reps = 7;
    const timeSequential = async (n: number, fn: () => Promise<void>): Promise<Figures> => {
      await fn(); // warm-up
      const lat: number[] = [];
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await fn();
        lat.push(performance.now() - t);
      }
      return figures(lat, performance.now() - start);
    };
    const schoolReport = await timeSequential(reps, async () => void (await get(reportPath, reportSenco)));
    const schoolReportScript = preparedAsTheApi((await capturer.capture('GET', reportPath, reportSenco)).script);
    const schoolReportPg = await timeSequential(reps, async () => void (await runScript(appPool, schoolReportScript)));
    results.push({
      scenario: `4a. SEN report figures, one school (${largest.pupils.toLocaleString('en-GB')} pupils)`,
      subject: schoolReport,
      baselines: [{ name: `same SQL via pg, prepared (${schoolReportScript.length} statements)`, figures: schoolReportPg }],
      target: { text: '≤ 2 s', met: schoolReport.p99 <= 2000 },
    });
    // The PDF, rendered by the worker: requested, then polled until done.
    const renderOnce = async () => {
      const res = await fetch(`${apiUrl}${reportPath}/renders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${reportSenco}`, 'content-type': 'application/json' },
        body: JSON.stringify({ format: 'pdf' }),
      });
      if (res.status !== 202) throw new Error(`render request: ${res.status} ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      await waitFor('the report render', 120_000, async () => {
        const r = await get<{ status: string }>(`/v1/schools/${largest.id}/report-renders/${id}`, reportSenco);
        if (r.status === 'failed') throw new Error('the render failed');
        return r.status === 'done';
      });
    };
    const render = await timeSequential(3, renderOnce);
    results.push({
      scenario: '4b. SEN report PDF, requested → rendered by the worker',
      subject: render,
      baselines: [{ name: 'figures SQL via pg', figures: schoolReportPg }],
      target: { text: '≤ 2 s', met: render.p99 <= 2000 },
    });

    const trustLead = await login(`trust-lead.bench@${EMAIL_DOMAIN}`);
    const trustPath = `/v1/trust/sen-reports?academicYear=${year}`;
    const trustReport = await timeSequential(3, async () => void (await get(trustPath, trustLead)));
    const trustScript = preparedAsTheApi((await capturer.capture('GET', trustPath, trustLead)).script);
    const trustPg = await timeSequential(3, async () => void (await runScript(appPool, trustScript)));
    // Kept beside the others, to time or explain a statement afterwards.
    writeFileSync(path.join(dataDir, 'report-scripts.json'), JSON.stringify({ school: schoolReportScript, trust: trustScript }));
    results.push({
      scenario: `4c. SEN reports, ${trustSchools}-school trust roll-up`,
      subject: trustReport,
      baselines: [{ name: `same SQL via pg, prepared (${trustScript.length} statements)`, figures: trustPg }],
      target: { text: '≤ 15 s', met: trustReport.p99 <= 15_000 },
    });
    say(
      `  school ${fmtMs(schoolReport.p50)} (pg ${fmtMs(schoolReportPg.p50)}); PDF ${fmtMs(render.p50)}; trust ${fmtMs(trustReport.p50)} (pg ${fmtMs(trustPg.p50)})`,
    );
    await capturer.close();
    capturerOpen = false;
  }
  await capturer.close();
  capturerOpen = false;
  const apiPeak = peakRssMb(api.child.pid);
  if (want(5)) {
    // ---- 5: the daily review scan
    say('▶ 5. the daily review scan over every school');
    // The scan does nothing on a day a school is closed (its reminders wait for the next open day), so it is run
    // as of the latest school day up to today: a weekday in term and outside closures for most schools. On a
    // weekend or in the holidays, "today" would measure an empty scan.
    const scanDay = await latestSchoolDay(su, asOf);
    await resetNotifications(su);
    // A fresh queue prefix: the worker's deterministic job ids of an earlier run on the same day are not reused.
    workerPeak = peakRssMb(worker.child.pid);
    await worker.stop();
    workerPrefix = `bench${Date.now().toString(36)}`;
    worker = startNode('worker', path.join(DIST, 'apps/worker/main.js'), workerEnv(workerPrefix), path.join(dataDir, 'worker.log'), [
      ...WORKER_NODE_ARGS,
      ...profileArgs,
    ]);
    const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: null });
    cleanups.push(() => redis.quit());
    const queue = new Queue('notifications', { connection: redis, prefix: workerPrefix });
    const eventsRedis = new Redis(services.redisUrl, { maxRetriesPerRequest: null });
    cleanups.push(() => eventsRedis.quit());
    const events = new QueueEvents('notifications', { connection: eventsRedis, prefix: workerPrefix });
    cleanups.push(() => events.close());
    cleanups.push(() => queue.close());
    await events.waitUntilReady();
    await waitFor('the worker', 30_000, async () => (await queue.getWorkers()).length > 0);
    const schoolCount = Number((await su.query<{ n: string }>(`select count(*) as n from schools`)).rows[0]!.n);
    let scanned = 0;
    let due = 0;
    let overdue = 0;
    const scanLatencies: number[] = [];
    // The fan-out job's own timing, read as soon as it completes (removeOnComplete keeps only the last 1,000).
    const topId = `scan_all_${scanDay}`;
    let fanOutMs = Number.NaN;
    let topRead: Promise<void> = Promise.resolve();
    events.on('completed', ({ jobId }) => {
      if (jobId !== topId) return;
      topRead = queue.getJob(topId).then((job) => {
        if (job?.finishedOn && job.processedOn) fanOutMs = job.finishedOn - job.processedOn;
      });
    });
    events.on('completed', ({ returnvalue }) => {
      const r = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as { due?: number; overdue?: number; skipped?: unknown } | null;
      if (r && 'skipped' in r) {
        scanned += 1;
        due += r.due ?? 0;
        overdue += r.overdue ?? 0;
      }
    });
    const scanStart = performance.now();
    const sent0 = smtp.arrivals.length;
    await queue.add('review-scan', { correlationId: 'bench:review-scan', asOf: scanDay }, { jobId: topId });
    await waitFor('the review scan', 3_600_000, () => Promise.resolve(scanned >= schoolCount));
    const scanMs = performance.now() - scanStart;
    await topRead;
    // Each school's scan, from the jobs kept (removeOnComplete keeps the last 1,000).
    for (const j of await queue.getJobs(['completed'], 0, 999))
      if (j.name === 'review-scan-school' && j.finishedOn && j.processedOn) scanLatencies.push(j.finishedOn - j.processedOn);
    // Baseline: the same number of jobs, with the same options, through raw addBulk to a queue of its own.
    const raw = new Queue('bench-raw', { connection: redis, prefix: `${workerPrefix}raw` });
    const rawStart = performance.now();
    await raw.addBulk(
      Array.from({ length: schoolCount }, (_, i) => ({
        name: 'review-scan-school',
        data: { correlationId: 'bench', schoolId: `${i}`, asOf: scanDay },
        opts: {
          jobId: `scan_${i}_${scanDay}`,
          attempts: 6,
          backoff: { type: 'exponential', delay: 5000 },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 5000 },
        },
      })),
    );
    const rawMs = performance.now() - rawStart;
    await raw.obliterate({ force: true });
    await raw.close();
    const scanFig = { ...figures(scanLatencies, scanMs), n: scanned, throughput: (scanned * 1000) / scanMs, unit: ' schools/s' };
    // Baseline: only finding the due reviews, the scan's query for every school straight through pg, 8 at a time.
    const allSchools = (await su.query<{ id: string }>(`select id from schools order by id`)).rows.map((r) => r.id);
    const dueScripts: Script[] = allSchools.map((id) => [
      { sql: 'BEGIN', params: [] },
      { sql: `select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, params: [`{${id}}`] },
      { sql: DUE_REVIEWS_SQL, params: [id, scanDay, 14] },
      { sql: 'COMMIT', params: [] },
    ]);
    const dueFig = { ...(await loadScripts(appPool, dueScripts, { concurrency: 8, amount: dueScripts.length })), unit: ' schools/s' };
    results.push({
      scenario: `5a. review scan, ${schoolCount.toLocaleString('en-GB')} schools: ${due.toLocaleString('en-GB')} due, ${overdue.toLocaleString('en-GB')} overdue`,
      subject: scanFig,
      baselines: [{ name: 'due-review query per school via pg', figures: dueFig }],
      notes: [`whole scan ${fmtMs(scanMs)}; p50/p99 are one school's scan job`],
    });
    results.push({
      scenario: `5b. fan-out: ${schoolCount.toLocaleString('en-GB')} school jobs enqueued`,
      subject: { n: schoolCount, p50: fanOutMs, p99: fanOutMs, throughput: (schoolCount * 1000) / fanOutMs, errors: 0, unit: ' jobs/s' },
      baselines: [
        {
          name: 'raw BullMQ addBulk, same jobs',
          figures: { n: schoolCount, p50: rawMs, p99: rawMs, throughput: (schoolCount * 1000) / rawMs, errors: 0, unit: ' jobs/s' },
        },
      ],
      target: { text: `≤ 2× addBulk (${(fanOutMs / rawMs).toFixed(2)}×)`, met: fanOutMs <= 2 * rawMs },
    });
    extras.dueQueryPlan = await explainDue(appPool, sample[0]!.id, scanDay);
    say(`  ${scanned} schools in ${fmtMs(scanMs)}; ${due} due, ${overdue} overdue; fan-out ${fmtMs(fanOutMs)} vs addBulk ${fmtMs(rawMs)}`);

    // ---- 6: email
    if (opts.mail === 0) {
      workerPeak = Math.max(workerPeak ?? 0, peakRssMb(worker.child.pid) ?? 0) || null;
      await worker.stop();
    } else {
      say('▶ 6. email delivery to a local SMTP server');
      // The first --mail messages are timed; with fewer reviews than that, every email the scan caused (known
      // once every review event has been fanned out into its deliveries).
      const countOf = async (sql: string) => Number((await su.query<{ n: string }>(sql)).rows[0]!.n);
      let target = opts.mail;
      await waitFor('email deliveries', 1_800_000, async () => {
        if (smtp.arrivals.length - sent0 >= target) return true;
        if ((await countOf(`select count(*) as n from outbox_events where type in ('review.due', 'review.overdue') and processed_at is null`)) > 0)
          return false;
        target = Math.min(
          opts.mail,
          await countOf(
            `select count(*) as n from deliveries d join outbox_events e on e.id = d.event_id where e.type in ('review.due', 'review.overdue') and d.channel = 'email'`,
          ),
        );
        return smtp.arrivals.length - sent0 >= target;
      });
      const arrivals = smtp.arrivals.slice(sent0, sent0 + target);
      const mailMs = arrivals.length > 1 ? arrivals.at(-1)! - arrivals[0]! : Number.NaN;
      const gaps = arrivals.slice(1).map((a, i) => a - arrivals[i]!);
      // 6b: the same emails as a backlog the worker finds waiting, every fan-out done: only the deliver step. In
      // rounds, the worker's backlog and nodemailer's in turn (as scenarios 1 and 2 do), medians reported: the two
      // share the machine with the database, Redis and the SMTP server, and one run of each swings by half.
      const backlogRuns: Figures[] = [];
      const directRuns: Figures[] = [];
      for (let r = 0; r < opts.rounds; r++) {
        const backlog = await emailBacklog(su, queue, smtp, target);
        backlogRuns.push({ ...figures(backlog.gaps, backlog.ms), n: backlog.n, throughput: ((backlog.n - 1) * 1000) / backlog.ms });
        directRuns.push(await nodemailerDirect(smtp.url, backlog.messages, smtp));
      }
      workerPeak = Math.max(workerPeak ?? 0, peakRssMb(worker.child.pid) ?? 0) || null;
      await worker.stop();
      const directFigures = { ...medianFigures(directRuns), unit: ' msg/s' };
      const backlogFigures = { ...medianFigures(backlogRuns), unit: ' msg/s' };
      results.push({
        scenario: `6a. email: ${arrivals.length.toLocaleString('en-GB')} review reminders timed (of ${(due + overdue).toLocaleString('en-GB')} reviews raised)`,
        subject: { ...figures(gaps, mailMs), n: arrivals.length, throughput: ((arrivals.length - 1) * 1000) / mailMs, unit: ' msg/s' },
        baselines: [{ name: 'nodemailer direct: the same emails, same pool, own process, 8 at a time', figures: directFigures }],
        notes: ['from the scan: fan-out and sending together; p50/p99: time between arrivals (baseline: one send); 6b is the same emails, sending alone'],
      });
      const ratio = backlogFigures.throughput / directFigures.throughput;
      results.push({
        scenario: `6b. email: a backlog of ${(backlogRuns[0]?.n ?? 0).toLocaleString('en-GB')} queued emails, delivered by the worker (${opts.rounds} rounds)`,
        subject: backlogFigures,
        baselines: [{ name: 'nodemailer direct: the same emails, same pool, own process, 8 at a time', figures: directFigures }],
        target: { text: `≥ 80% of nodemailer (${Math.round(100 * ratio)}%)`, met: ratio >= 0.8 },
        notes: [
          'the reminders sent in 6a, queued again and their deliver jobs added at once; p50/p99: time between arrivals (baseline: one send)',
          `each round, worker against nodemailer: ${backlogRuns.map((b, i) => `${Math.round(b.throughput)}/${Math.round(directRuns[i]!.throughput)}`).join(', ')} msg/s`,
        ],
      });
    }
  }
  workerPeak ??= peakRssMb(worker.child.pid);
  if (want(7)) {
    // ---- 7: one API process against two, both through PgBouncer
    say(`▶ 7. register page through PgBouncer: 1 API process vs 2, ${opts.rounds} rounds of ${duration} s, ${c} connections in all`);
    const startApi = async (name: string, databaseUrl: string) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const logName = `${name.replaceAll(' ', '-')}.log`;
      const service = startNode(
        name,
        path.join(DIST, 'apps/api/main.js'),
        // Through PgBouncer 1.18: no named prepared statements (libs/database/prepared-statements.ts).
        { ...apiEnv, DATABASE_URL: databaseUrl, DATABASE_PREPARED_STATEMENTS: 'off', API_PORT: String(port) },
        path.join(dataDir, logName),
        [...API_NODE_ARGS],
      );
      cleanups.push(() => service.stop());
      await waitFor(name, 60_000, async () => (await fetch(`${url}/health/ready`)).ok);
      return { url, stop: () => service.stop() };
    };
    const pooled = await runPooledScenario({ root: ROOT, dataDir, databaseUrl: services.databaseUrl, startApi, say }, registerRequests, {
      connections: c,
      durationSec: duration,
      rounds: opts.rounds,
    });
    const gain = pooled.two.throughput / pooled.one.throughput;
    results.push({
      scenario: `7. register page through PgBouncer (${pooled.poolSize} server connections): 2 API processes`,
      subject: pooled.two,
      baselines: [{ name: '1 API process through the same PgBouncer', figures: pooled.one }],
      notes: [
        `2 processes ÷ 1: ${gain.toFixed(2)}× the throughput on ${os.cpus().length} cores (a gain needs a core or machine per process; on 2 cores it shows the overhead)`,
      ],
    });
    extras.pooled = { poolSize: pooled.poolSize, ratioTwoToOne: Number(gain.toFixed(3)) };
    say(
      `  1 API ${fmtRate(pooled.one.throughput)} p50 ${fmtMs(pooled.one.p50)}; 2 APIs ${fmtRate(pooled.two.throughput)} p50 ${fmtMs(pooled.two.p50)} (${gain.toFixed(2)}×)`,
    );
  }
  if (want(8)) {
    // ---- 8: a school day's mix at England's peak shape (scripts/bench/school-day.ts)
    const day = await runSchoolDay({
      apiUrl,
      su,
      sample,
      sencoTokens: tokens,
      login,
      asOf,
      stepSec: Math.min(5, duration),
      connections: c,
      say,
      apiRssMb: () => peakRssMb(api.child.pid),
    });
    results.push(...day.rows);
    extras.schoolDay = day.extras;
  }
  // ---- memory, table, JSON
  results.push({
    scenario: 'peak RSS (VmHWM)',
    subject: { n: 1, p50: Number.NaN, p99: Number.NaN, throughput: Number.NaN, errors: 0 },
    baselines: [],
    target: { text: `API ${apiPeak} MB ≤ 300 MB; worker ${workerPeak} MB`, met: apiPeak !== null && apiPeak <= 300 },
  });
  const table = printTable();
  const totalSec = (performance.now() - t0) / 1000;
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
  say('');
  say(table);
  say('');
  say(`machine: ${machine}`);
  say(`peak RSS: API ${apiPeak ?? '?'} MB, worker ${workerPeak ?? '?'} MB`);
  say(
    `data: ${seeded!.schools.toLocaleString('en-GB')} schools, ${seeded!.pupils.toLocaleString('en-GB')} pupils, ${seeded!.rows.toLocaleString('en-GB')} rows (loaded in ${seeded!.seconds} s)`,
  );
  const out = opts.out ?? path.join(dataDir, 'results.json');
  writeFileSync(
    out,
    JSON.stringify(
      {
        when: new Date().toISOString(),
        scale: opts.label,
        schools: opts.schools,
        seed: opts.seed,
        machine,
        connections: c,
        durationSec: duration,
        peakRssMb: { api: apiPeak, worker: workerPeak },
        results,
        ...extras,
        totalSeconds: round(totalSec, 1),
      },
      null,
      2,
    ),
  );
  say(`results: ${path.relative(ROOT, out)}; the whole run took ${totalSec.toFixed(0)} s`);
  say(`targets: ${results.filter((r) => r.target?.met === true).length} met, ${results.filter((r) => r.target?.met === false).length} missed`);
}

/** One recorded week as plain SQL: lock the sessions, mark them delivered, write the attendance. */
function recordSql(item: { school: string; group: string; sessions: { sessionId: string; attendance: { pupilId: string }[] }[] }, userId: string): Script {
  const ids = item.sessions.map((s) => s.sessionId);
  const pairs = item.sessions.flatMap((s) => s.attendance.map((a) => [s.sessionId, a.pupilId] as const));
  return [
    { sql: 'BEGIN', params: [] },
    {
      sql: `select set_config('app.school_ids', $1, true), set_config('app.user_id', $2, true), set_config('app.pupil_access', 'all', true)`,
      params: [`{${item.school}}`, userId],
    },
    {
      sql: `select id from intervention_sessions where school_id = $1 and group_id = $2 and id = any($3::uuid[]) and status = 'planned' for update`,
      params: [item.school, item.group, ids],
    },
    {
      sql: `update intervention_sessions set status = 'delivered', actual_minutes = minutes, recorded_by = $2, recorded_at = now(), updated_at = now() where school_id = $1 and id = any($3::uuid[])`,
      params: [item.school, userId, ids],
    },
    {
      sql: `insert into session_attendance (school_id, session_id, pupil_id, present, progress_score) select $1, s, p, true, 3 from unnest($2::uuid[], $3::uuid[]) as t(s, p)`,
      params: [item.school, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    },
    { sql: 'COMMIT', params: [] },
  ];
}

/** EXPLAIN ANALYZE of the captured statement matching `which`, after the tenant settings that precede it. */
/** The one statement of a captured script that `which` matches, as a named prepared statement on its own. */
function floorOf(script: Script, which: RegExp): Script {
  const statement = script.find((s) => which.test(s.sql));
  if (!statement) throw new Error(`no captured statement matches ${which}`);
  return [{ ...statement, name: statementName(statement.sql), bypassRls: true }];
}

/**
 * A request's reads in one statement, in its tenant transaction: each `select` it ran (not the principal, the
 * settings, writes or the transaction's own statements) becomes a subquery giving its rows as JSON, its
 * parameters renumbered; the transaction's opening message and COMMIT around it.
 */
function oneStatementOf(script: Script): Script {
  const settings = script.find((s) => s.sql.includes('set_config('));
  if (!settings || !/^START TRANSACTION;/.test(settings.sql)) throw new Error('the request opened no tenant transaction');
  const params: unknown[] = [];
  const parts: string[] = [];
  for (const s of script) {
    if (!/^\s*select\b/i.test(s.sql) || /set_config\(|app\.principal\(/.test(s.sql)) continue;
    const offset = params.length;
    params.push(...s.params);
    const sql = s.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    parts.push(`(select coalesce(json_agg(t), '[]') from (${sql}) t) as r${parts.length + 1}`);
  }
  if (parts.length === 0) throw new Error('the request made no reads');
  const sql = `select ${parts.join(',\n       ')}`;
  return [
    { ...settings, customPlan: true },
    { sql, params, name: statementName(sql) },
    { sql: 'COMMIT', params: [] },
  ];
}

/**
 * The replays prepare what the API prepares (libs/database/prepared-statements.ts): each statement with
 * parameters, by name, parsed once per connection. Without this the baselines would parse and plan what the
 * API no longer does.
 */
function preparedAsTheApi(script: Script): Script {
  return script.map((s) => (s.params.length > 0 ? { ...s, name: statementName(s.sql) } : s));
}

function statementName(sql: string): string {
  return `b_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
}

async function explainCaptured(app: pg.Pool, script: Script, which: RegExp): Promise<string> {
  const at = script.findIndex((st) => which.test(st.sql));
  if (at < 0) return '(statement not found)';
  const settings = script.slice(0, at).findLast((st) => st.sql.includes('set_config('));
  const client = await app.connect();
  try {
    await client.query('begin');
    if (settings) await client.query(settings.sql, settings.params);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${script[at]!.sql}`, script[at]!.params);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('rollback').catch(() => undefined);
    client.release();
  }
}

/** Sets the chosen weeks' sessions back to planned (benchmark data only; triggers bypassed as the superuser). */
async function resetSessions(su: pg.Pool, groupIds: string[], from: string, to: string): Promise<void> {
  const client = await su.connect();
  try {
    await client.query('begin');
    await client.query(`set local session_replication_role = replica`);
    const ids = `select id from intervention_sessions where group_id = any($1) and date between $2 and $3`;
    await client.query(`delete from session_corrections where session_id in (${ids})`, [groupIds, from, to]);
    await client.query(`delete from session_attendance where session_id in (${ids})`, [groupIds, from, to]);
    await client.query(
      `update intervention_sessions set status = 'planned', cancel_reason = null, actual_minutes = null, note = null, recorded_by = null, recorded_at = null where id in (${ids})`,
      [groupIds, from, to],
    );
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}

/** Forgets the review reminders and their notifications, so each run's scan finds the same due reviews. */
async function resetNotifications(su: pg.Pool): Promise<void> {
  const client = await su.connect();
  try {
    await client.query('begin');
    await client.query(`set local session_replication_role = replica`);
    const ev = `select id from outbox_events where type in ('review.due', 'review.overdue')`;
    await client.query(`delete from inbox_messages where delivery_id in (select id from deliveries where event_id in (${ev}))`);
    await client.query(`delete from deliveries where event_id in (${ev})`);
    await client.query(`delete from outbox_events where type in ('review.due', 'review.overdue')`);
    await client.query(`delete from review_reminders`);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}

/** The plan of the scan's due-review query for one school, as the API's role runs it under RLS. */
function explainDue(app: pg.Pool, schoolId: string, asOf: string): Promise<string> {
  return explainCaptured(
    app,
    [
      { sql: `select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, params: [`{${schoolId}}`] },
      { sql: DUE_REVIEWS_SQL, params: [schoolId, asOf, 14] },
    ],
    /plan_cycles/,
  );
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

await main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);

/**
 * The latest weekday up to `today` on which more than half the schools are open: in term and not closed, or, for a
 * school that has entered no calendar, any weekday (as libs/notifications/review-scan.service.ts decides).
 */
async function latestSchoolDay(su: pg.Pool, today: string): Promise<string> {
  const { rows } = await su.query<{ day: string }>(
    `select d::date::text as day from generate_series($1::date - 400, $1::date, interval '1 day') d
      where extract(isodow from d) < 6
        and 2 * (select count(*) from schools s
                  where (exists (select 1 from school_terms t where t.school_id = s.id and d::date between t.starts_on and t.ends_on)
                         or not exists (select 1 from school_terms t where t.school_id = s.id))
                    and not exists (select 1 from school_closures c where c.school_id = s.id and d::date between c.starts_on and c.ends_on))
            > (select count(*) from schools)
      order by d desc limit 1`,
    [today],
  );
  return rows[0]?.day ?? today;
}

/**
 * Scenario 6b: up to `limit` of the review reminders' emails, already sent, made queued again (as the fan-out
 * leaves them), and one deliver job each added at once, as the fan-out adds them. Timed from the first arrival
 * to the last at the SMTP server.
 */
async function emailBacklog(
  su: pg.Pool,
  queue: Queue,
  smtp: { arrivals: number[] },
  limit: number,
): Promise<{ n: number; ms: number; gaps: number[]; messages: DirectMessage[] }> {
  // Whatever 6a did not time is sent first, so only the backlog's emails arrive while it is timed.
  await waitFor('the emails of the scan', 1_800_000, async () => {
    const { rows } = await su.query<{ n: number }>(`select count(*)::int as n from deliveries where status = any($1::text[])`, [
      ['queued', 'sending', 'retrying'],
    ]);
    return rows[0]!.n === 0;
  });
  const { rows } = await su.query<{ school_id: string; id: string } & Omit<DirectMessage, 'id'>>(
    `update deliveries set status = 'queued', attempts = 0, sent_at = null, lease_until = null, message_id = null, possible_duplicate = false, last_error = null
      where (school_id, id) in (select d.school_id, d.id from deliveries d join outbox_events e on e.school_id = d.school_id and e.id = d.event_id
                                 where e.type in ('review.due', 'review.overdue') and d.channel = 'email' and d.status = 'sent' limit $1)
      returning school_id, id, address as "to", subject, body_text as text, body_html as html`,
    [limit],
  );
  const before = smtp.arrivals.length;
  const round = Date.now().toString(36);
  if (rows.length === 0) return { n: 0, ms: Number.NaN, gaps: [], messages: [] };
  await queue.addBulk(
    rows.map((r) => ({
      name: 'deliver',
      data: { correlationId: 'bench:backlog', schoolId: r.school_id, deliveryId: r.id },
      opts: { jobId: `deliver_${r.id}_bench${round}`, attempts: 6, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { count: 1000 } },
    })),
  );
  await waitFor('the email backlog', 600_000, () => Promise.resolve(smtp.arrivals.length - before >= rows.length));
  const arrivals = smtp.arrivals.slice(before, before + rows.length);
  const messages = rows.map(({ id, to, subject, text, html }) => ({ id, to, subject, text, html }));
  return { n: arrivals.length, ms: arrivals.at(-1)! - arrivals[0]!, gaps: arrivals.slice(1).map((a, i) => a - arrivals[i]!), messages };
}

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * What PgBouncer's transaction pooling cannot carry, kept out of the code that runs through it (the API and the
 * worker: apps/ and libs/). Each server connection serves one transaction and then someone else's, so nothing may
 * outlive a transaction (docs/scaling.md, *Replicas and pooling*). test/replicas.serial.spec.ts runs the code
 * through a real PgBouncer; this finds the patterns it might not reach. Migrations connect directly, so
 * libs/database/migrate.ts may hold a session lock.
 */
const RULES: { name: string; pattern: RegExp; allowed?: string[] }[] = [
  { name: 'session advisory lock (use pg_advisory_xact_lock)', pattern: /pg_(try_)?advisory_lock(_shared)?\s*\(/i, allowed: ['libs/database/migrate.ts'] },
  {
    name: 'session-level setting (use set_config(…, true) or SET LOCAL)',
    pattern: /set_config\([^)]*,\s*false\s*\)|[`'"]\s*set\s+(session\s+)?(?!local\b)[a-z_.]+\s*(=|to)\s/i,
  },
  { name: 'LISTEN/NOTIFY (one session only)', pattern: /[`'"]\s*(listen|unlisten|notify)\s|pg_notify\s*\(/i },
  { name: 'temporary table', pattern: /create\s+(global\s+|local\s+)?temp(orary)?\s+table/i },
  // The one place that names statements is switched off behind PgBouncer 1.18 (DATABASE_PREPARED_STATEMENTS=off).
  {
    name: 'named prepared statement (PgBouncer 1.18 cannot route it)',
    pattern: /\bquery\(\s*\{[^}]*\bname\s*[:,}]/,
    allowed: ['libs/database/prepared-statements.ts'],
  },
  { name: 'cursor kept across transactions', pattern: /with\s+hold/i },
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || p === path.join('apps', 'web') ? [] : sources(p);
    return /\.ts$/.test(e.name) && !/\.spec\.ts$/.test(e.name) ? [p] : [];
  });
}

it('the API and worker code keep no session state that transaction pooling would hand to another school', () => {
  const files = [...sources('apps'), ...sources('libs')];
  expect(files.length).toBeGreaterThan(100);
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const rule of RULES) if (rule.pattern.test(text) && !rule.allowed?.includes(file.split(path.sep).join('/'))) found.push(`${file}: ${rule.name}`);
  }
  expect(found).toEqual([]);
});

it('each rule recognises what it forbids', () => {
  const samples = [
    `select pg_advisory_lock($1)`,
    `select set_config('app.school_ids', $1, false)`,
    `'set search_path = x'`,
    `'listen outbox'`,
    `create temp table t (x int)`,
    `client.query({ name: 'p1', text: 'select 1' })`,
    `query({ name, text, values })`,
    `declare c cursor with hold for select 1`,
  ];
  expect(samples.map((s) => RULES.filter((r) => r.pattern.test(s)).length)).toEqual(samples.map(() => 1));
  // And what is safe is not flagged.
  for (const safe of [`select pg_advisory_xact_lock($1)`, `select set_config('app.school_ids', $1, true)`, `'set local lock_timeout = 100'`])
    expect(RULES.filter((r) => r.pattern.test(safe))).toEqual([]);
});

it('statements of one transaction run one after another, or together only where the connection pipelines them', () => {
  // pg queues a query sent while another runs on a client that does not pipeline, warns that it is deprecated,
  // and pg@9 drops it. In apps/ and libs/, Promise.all and allSettled are for Redis, for separate pooled
  // connections (the health check), for emails, and for the statements a pipelining client writes together on
  // purpose: sendWithNextStatement, and together(), which runs them one after another where it does not pipeline.
  const allowed = new Set([
    'libs/database/prepared-statements.ts',
    'libs/database/write-fences.ts',
    'libs/auth/window-counter.ts',
    'libs/notifications/deliveries.service.ts',
    'apps/worker/queue-runner.ts',
    'apps/api/controllers/health.controller.ts',
  ]);
  const concurrent = /\bPromise\.(all|allSettled)\s*\(/;
  const found = [...sources('apps'), ...sources('libs')]
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => !allowed.has(file) && concurrent.test(readFileSync(file, 'utf8')));
  expect(found).toEqual([]);
  for (const file of allowed) expect(readFileSync(file, 'utf8')).toMatch(concurrent);
});

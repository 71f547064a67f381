// Synthetic data at the scale of England's schools, for benchmarks. Deterministic from a seed; bulk-loaded
// with COPY. `npm run seed:scale -- --schools 50 --seed 1` (builds, then runs dist/scripts/seed-scale.js);
// `--help` for the options. The rows themselves come from ./seed-scale-generate.ts.
//
// Row-level security and COPY. Every tenant table has RLS *forced*, so even the table owner (the migration
// role this connects as) is subject to its policies, and PostgreSQL refuses COPY FROM for a role subject
// to RLS ("COPY FROM not supported with row-level security"). Each batch of schools is therefore loaded in
// ONE transaction that
//   1. takes ACCESS EXCLUSIVE locks on the tables it loads (in one statement, waiting briefly: if they are
//      busy the batch rolls back and retries shortly; see inTransaction),
//   2. runs `ALTER TABLE … NO FORCE ROW LEVEL SECURITY` on each of them (the owner then bypasses RLS, as
//      PostgreSQL lets a table owner do when RLS is not forced), and disables the user triggers that fire on
//      INSERT (today only guard_plan_item on plan_targets/plan_provisions, which allows items only on draft
//      versions: the generator writes agreed and active plans whole),
//   3. COPYs the batch's rows, table by table, parents before children,
//   4. runs `ALTER TABLE … FORCE ROW LEVEL SECURITY` and re-enables the triggers, and only then COMMITs.
// DDL is transactional in PostgreSQL: no other session ever sees RLS unforced or a trigger disabled (they
// wait on the lock, then see the committed, forced state), and a failure anywhere, even the seeder being
// killed, rolls it all back. The locks block the application on those tables while a batch loads (a few
// seconds per 50 schools): seed an idle database, or lower --batch. --purge works the same way, in one
// transaction (it also drops and re-adds exclusion constraints and adds temporary indexes inside it).
// Run one seeder at a time against a database: two would pick the same URNs (the second then fails whole).
//
// --indexes-after: secondary indexes built after the load, not during it. Every index is otherwise
// maintained row by row as the batches go in, and at England's scale that halved the rate by the last batch
// (docs/performance.md). With the flag the loader drops the loaded tables' secondary indexes (not primary
// keys, unique or exclusion indexes, nor any backing a constraint: those keep the rules and the foreign keys
// working during the load) before the first batch, builds them again after the last, with generous
// maintenance_work_mem and parallel workers, and checks that the tables end with exactly the indexes (names
// and definitions) they started with. It is for a database nobody else is using, the bench's own (the bench
// passes it): between the drop and the rebuild, queries there run without those indexes. Without the flag,
// e.g. `npm run seed:scale` against a shared development database, the indexes stay, as before. Crash safety
// is in ./seed-scale-indexes.ts: the definitions are recorded (in the database, in the drop's transaction,
// and in --indexes-file if given) before anything is dropped; a failed load rebuilds them in a `finally`;
// SIGINT/SIGTERM stop after the current batch and rebuild (a second signal exits at once); and a load killed
// outright leaves them recorded, so every later run, whatever its options, builds them first
// (`--rebuild-indexes` does only that).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  EMAIL_DOMAIN,
  MAX_SCHOOLS,
  SCALE_PASSWORD,
  TABLES,
  TABLE_NAMES,
  URN_BASE,
  dayOf,
  iso,
  todayInLondon,
  type SchoolSummary,
  type TableName,
} from './seed-scale-generate.js';
import { dropSecondaryIndexes, indexDifferences, indexSet, rebuildPendingIndexes, type IndexDef, type RebuildResult } from './seed-scale-indexes.js';
import type { BatchResult, WorkerInput } from './seed-scale-worker.js';

const SCALES = { small: 50, tenth: 2_400, england: 24_000 } as const;

const USAGE = `Usage: npm run seed:scale -- [options]        (or: node dist/scripts/seed-scale.js [options])

Generates synthetic schools (pupils, SEN histories, contacts, staff, support plans, a school calendar,
interventions with a term of sessions) deterministically from a seed and bulk-loads them with COPY.

  --schools N          number of schools (default 50, or the --scale preset)
  --scale NAME         small (50 schools) | tenth (2,400) | england (24,000)
  --seed S             the seed (default 1); the same seed gives the same data
  --database-url URL   owner connection (default $MIGRATION_DATABASE_URL)
  --batch N            schools per transaction (default 50)
  --today YYYY-MM-DD   the day the data is "as of" (default: today in Europe/London); dates of reviews,
                       sessions and notices are relative to it, so pass it to reproduce a run exactly
  --offset N           global number of the first school (URN 900000+N); default: after the synthetic
                       schools already in the database, so a second run adds new schools
  --dry-run            generate only: print counts and the digest, touch no database
  --no-analyze         skip ANALYZE of the loaded tables at the end
  --indexes-after      drop the loaded tables' secondary indexes before the first batch and build them after
                       the last (faster for big loads; only for a database nobody else is using: the bench's)
  --indexes-file FILE  also record the dropped indexes' definitions in this file (the database records them
                       in any case); a run given the file rebuilds what it lists first
  --rebuild-indexes    only build indexes a killed --indexes-after load left dropped, then exit (every run
                       does this first)
  --json               end with one line of JSON (schools, counts, digest, timing)
  --purge              delete every synthetic school (and its rows and users) from the database
  --help               this text

Every synthetic user's password is '${SCALE_PASSWORD}'; e-mail addresses are under @${EMAIL_DOMAIN}.
SEED_SCALE_TIMING=1 in the environment prints the time of each table's COPY (and of each purge step).`;

interface Options {
  schools: number;
  seed: string;
  databaseUrl: string | null;
  batch: number;
  today: number;
  offset: number | null;
  dryRun: boolean;
  analyze: boolean;
  json: boolean;
  purge: boolean;
  indexesAfter: boolean;
  indexesFile: string | null;
  rebuildIndexes: boolean;
}

function fail(message: string): never {
  process.stderr.write(`seed-scale: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const FLAGS = ['dry-run', 'no-analyze', 'json', 'purge', 'indexes-after', 'rebuild-indexes', 'help'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) fail(`unexpected argument '${arg}' (see --help)`);
    const [key, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (FLAGS.includes(key)) {
      flags.add(key);
      continue;
    }
    if (!['schools', 'scale', 'seed', 'database-url', 'batch', 'today', 'offset', 'indexes-file'].includes(key)) fail(`unknown option --${key} (see --help)`);
    const value = inline ?? argv[++i];
    if (value === undefined) fail(`--${key} needs a value`);
    values.set(key, value);
  }
  if (flags.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const int = (key: string, min: number, max: number): number | null => {
    const raw = values.get(key);
    if (raw === undefined) return null;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) fail(`--${key} must be a whole number from ${min} to ${max}`);
    return Number(raw);
  };
  const scale = values.get('scale');
  if (scale !== undefined && !(scale in SCALES)) fail(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const today = values.get('today');
  if (today !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(today) || iso(dayOf(today)) !== today)) fail('--today must be a date as YYYY-MM-DD');
  return {
    schools: int('schools', 1, MAX_SCHOOLS) ?? (scale ? SCALES[scale as keyof typeof SCALES] : 50),
    seed: values.get('seed') ?? '1',
    databaseUrl: values.get('database-url') ?? process.env.MIGRATION_DATABASE_URL ?? null,
    batch: int('batch', 1, 10_000) ?? 50,
    today: today ? dayOf(today) : todayInLondon(),
    offset: int('offset', 0, MAX_SCHOOLS - 1),
    dryRun: flags.has('dry-run'),
    analyze: !flags.has('no-analyze'),
    json: flags.has('json'),
    purge: flags.has('purge'),
    indexesAfter: flags.has('indexes-after'),
    indexesFile: values.get('indexes-file') ?? null,
    rebuildIndexes: flags.has('rebuild-indexes'),
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const log = (line: string) => process.stdout.write(`${line}\n`);

// -----------------------------------------------------------------------------------------------------------
// The database side

const ATTEMPTS = 120;
/** lock_timeout for taking the tables: 1.8 × deadlock_timeout (read at start). */
let lockTimeoutMs = 1800;

/**
 * Runs fn in a transaction, retrying it from the start when its locks cannot be had. The locks are waited
 * for briefly: long enough (past deadlock_timeout) for PostgreSQL to cancel an autovacuum in the way, short
 * enough that in a lock cycle with an application transaction the seeder, not the application, gives up
 * (its lock_timeout or deadlock check comes first); it then backs off and tries again.
 */
async function inTransaction<T>(client: pg.Client, what: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query('begin');
      await client.query(`set local lock_timeout = ${Math.round(lockTimeoutMs)}`);
      const result = await fn();
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      const code = (err as { code?: string }).code;
      if ((code === '40P01' || code === '55P03') && attempt < ATTEMPTS) {
        if (attempt % 5 === 0) log(`  ${what}: ${code === '40P01' ? 'deadlock' : 'tables busy'}; retrying (attempt ${attempt})`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 100 * attempt)));
        continue;
      }
      throw err;
    }
  }
}

/** Which of the tables have RLS forced, and which enabled user triggers (insert ones only, if asked) they have. */
async function tableState(client: pg.Client, tables: string[], insertTriggersOnly: boolean): Promise<{ forced: string[]; triggers: [string, string][] }> {
  const forced = await client.query<{ relname: string }>(
    `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' and relname = any($1) and relforcerowsecurity order by relname`,
    [tables],
  );
  const triggers = await client.query<{ relname: string; tgname: string }>(
    `select c.relname, t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where c.relnamespace = 'public'::regnamespace and c.relname = any($1) and not t.tgisinternal and t.tgenabled <> 'D'
        and ($2::boolean is false or (t.tgtype & 4) <> 0)
      order by 1, 2`,
    [tables, insertTriggersOnly],
  );
  return { forced: forced.rows.map((r) => r.relname), triggers: triggers.rows.map((r) => [r.relname, r.tgname]) };
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Locks the tables, unforces RLS and disables the triggers; returns the statements that undo it. */
async function openTables(client: pg.Client, state: { forced: string[]; triggers: [string, string][] }): Promise<string> {
  const locked = [...new Set([...state.forced, ...state.triggers.map(([t]) => t)])];
  if (locked.length > 0) await client.query(`lock table ${locked.map(q).join(', ')} in access exclusive mode`);
  const open = [
    ...state.forced.map((t) => `alter table ${q(t)} no force row level security`),
    ...state.triggers.map(([t, trigger]) => `alter table ${q(t)} disable trigger ${q(trigger)}`),
  ];
  if (open.length > 0) await client.query(open.join(';\n'));
  return [
    ...state.triggers.map(([t, trigger]) => `alter table ${q(t)} enable trigger ${q(trigger)}`),
    ...state.forced.map((t) => `alter table ${q(t)} force row level security`),
  ].join(';\n');
}

async function detectOffset(client: pg.Client): Promise<number> {
  await client.query('begin');
  try {
    // Schools are readable to the owner too only through a policy: the platform administrator's.
    await client.query(`select set_config('app.platform_admin', 'on', true)`);
    const { rows } = await client.query<{ max: number | null }>(
      `select max(urn::int) as max from schools where urn between $1 and $2 and senco_email like $3`,
      [String(URN_BASE), String(URN_BASE + MAX_SCHOOLS - 1), `%@${EMAIL_DOMAIN}`],
    );
    return rows[0]!.max === null ? 0 : rows[0]!.max - URN_BASE + 1;
  } finally {
    await client.query('commit');
  }
}

interface BatchTable {
  table: TableName;
  rows: number;
  chunks: Uint8Array[];
}

async function loadBatch(client: pg.Client, label: string, tables: BatchTable[], state: { forced: string[]; triggers: [string, string][] }): Promise<void> {
  await inTransaction(client, label, async () => {
    // Synthetic data: a crash may lose the last batch committed rather than wait for each WAL flush.
    await client.query(`set local synchronous_commit = off`);
    const restore = await openTables(client, state);
    for (const t of tables) {
      if (t.rows === 0) continue;
      const copy = client.query(copyFrom(`copy ${q(t.table)} (${TABLES[t.table].map(q).join(', ')}) from stdin`));
      const c0 = performance.now();
      await pipeline(Readable.from(t.chunks), copy);
      if (process.env.SEED_SCALE_TIMING) log(`    ${t.table}: ${t.rows} rows in ${(performance.now() - c0).toFixed(0)}ms`);
    }
    if (restore) await client.query(restore);
  });
}

async function purge(client: pg.Client): Promise<void> {
  const started = performance.now();
  const deleted = await inTransaction(client, 'purge', async () => {
    await client.query(`select set_config('app.platform_admin', 'on', true)`);
    const schools = await client.query<{ id: string; trust_id: string | null }>(
      `select id, trust_id from schools where urn between $1 and $2 and senco_email like $3`,
      [String(URN_BASE), String(URN_BASE + MAX_SCHOOLS - 1), `%@${EMAIL_DOMAIN}`],
    );
    if (schools.rows.length === 0) return null;
    const ids = schools.rows.map((s) => s.id);
    const trustIds = [...new Set(schools.rows.map((s) => s.trust_id).filter((t): t is string => t !== null))];
    // Every table with a school_id, children before parents (from the foreign keys).
    const owned = (
      await client.query<{ table_name: string }>(
        `select c.table_name from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
        where c.table_schema = 'public' and c.column_name = 'school_id' and t.table_type = 'BASE TABLE'`,
      )
    ).rows.map((r) => r.table_name);
    const fks = (
      await client.query<{ child: string; parent: string }>(
        `select cl.relname as child, pa.relname as parent from pg_constraint k join pg_class cl on cl.oid = k.conrelid join pg_class pa on pa.oid = k.confrelid
        where k.contype = 'f' and cl.relnamespace = 'public'::regnamespace`,
      )
    ).rows;
    const pending = new Set(owned);
    const order: string[] = [];
    while (pending.size > 0) {
      const free = [...pending].filter((t) => !fks.some((f) => f.parent === t && f.child !== t && pending.has(f.child)));
      const next = free.length > 0 ? free : [...pending];
      for (const t of next.sort()) {
        order.push(t);
        pending.delete(t);
      }
    }
    const state = await tableState(client, [...owned, 'schools', 'trusts'], false);
    const restore = await openTables(client, state);
    // A delete checks every foreign key that points at the row; where the referencing columns have no btree
    // index (plan_targets.carried_from_id, group_staff.user_id, and sen_status_entries.pupil_id, whose GiST
    // exclusion index the check does not use) that is a scan per row. Temporary indexes, dropped before the
    // commit, keep it linear.
    const unindexed = (
      await client.query<{ child: string; cols: string[] }>(
        `select cl.relname as child, array_agg(a.attname::text order by u.ord) as cols
         from pg_constraint k join pg_class cl on cl.oid = k.conrelid join pg_class pa on pa.oid = k.confrelid
        cross join lateral unnest(k.conkey) with ordinality as u(attnum, ord)
         join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum
        where k.contype = 'f' and cl.relnamespace = 'public'::regnamespace and pa.relname = any($1)
          and not exists (select 1 from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_am am on am.oid = ic.relam
                           where i.indrelid = k.conrelid and am.amname = 'btree' and (i.indkey::int2[])[0:cardinality(k.conkey) - 1] = k.conkey)
        group by k.oid, cl.relname`,
        [[...owned, 'schools', 'trusts', 'users']],
      )
    ).rows;
    const temporary = unindexed.map((u, i) => ({
      name: `seed_scale_purge_${i}`,
      sql: `create index seed_scale_purge_${i} on ${q(u.child)} (${u.cols.map(q).join(', ')})`,
    }));
    // An exclusion constraint's GiST index is also a candidate for those checks, and for one whose column is
    // not its first (group_enrolments: group_id, pupil_id, period) a lookup scans the whole index. Such
    // constraints are dropped for the purge and added back (rebuilt, and re-checked) before the commit.
    const exclusions = (
      await client.query<{ table: string; name: string; def: string }>(
        `select cl.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as def from pg_constraint k join pg_class cl on cl.oid = k.conrelid
        where k.contype = 'x' and cl.relnamespace = 'public'::regnamespace and cl.relname = any($1) order by 1, 2`,
        [owned],
      )
    ).rows;
    for (const x of exclusions) await client.query(`alter table ${q(x.table)} drop constraint ${q(x.name)}`);
    const i0 = performance.now();
    for (const t of temporary) await client.query(t.sql);
    if (process.env.SEED_SCALE_TIMING)
      log(
        `    ${temporary.length} temporary indexes in ${(performance.now() - i0).toFixed(0)}ms: ${unindexed.map((u) => `${u.child}(${u.cols.join(',')})`).join(' ')}`,
      );
    const counts: Record<string, number> = {};
    let left = order;
    for (let pass = 0; left.length > 0 && pass < 10; pass++) {
      const retry: string[] = [];
      for (const t of left) {
        await client.query('savepoint purge_table');
        try {
          const t0 = performance.now();
          counts[t] = (await client.query(`delete from ${q(t)} where school_id = any($1::uuid[])`, [ids])).rowCount ?? 0;
          if (process.env.SEED_SCALE_TIMING) log(`    ${t}: ${counts[t]} rows in ${(performance.now() - t0).toFixed(0)}ms`);
          await client.query('release savepoint purge_table');
        } catch (err) {
          if ((err as { code?: string }).code !== '23503') throw err;
          await client.query('rollback to savepoint purge_table');
          retry.push(t);
        }
      }
      left = retry;
    }
    if (left.length > 0) throw new Error(`could not delete the rows of ${left.join(', ')}`);
    counts.schools = (await client.query(`delete from schools where id = any($1::uuid[])`, [ids])).rowCount ?? 0;
    counts.trusts =
      (
        await client.query(
          `delete from trusts t where t.id = any($1::uuid[]) and not exists (select 1 from schools s where s.trust_id = t.id)
          and not exists (select 1 from trust_memberships m where m.trust_id = t.id)`,
          [trustIds],
        )
      ).rowCount ?? 0;
    counts.users =
      (
        await client.query(`delete from users u where u.email like $1 and not exists (select 1 from memberships m where m.user_id = u.id)`, [
          `%@${EMAIL_DOMAIN}`,
        ])
      ).rowCount ?? 0;
    for (const t of temporary) await client.query(`drop index ${q(t.name)}`);
    for (const x of exclusions) await client.query(`alter table ${q(x.table)} add constraint ${q(x.name)} ${x.def}`);
    if (restore) await client.query(restore);
    return counts;
  });
  if (!deleted) {
    log('seed-scale: no synthetic schools to purge');
    return;
  }
  const total = Object.values(deleted).reduce((a, b) => a + b, 0);
  log(`seed-scale: purged ${fmt(deleted.schools ?? 0)} synthetic schools, ${fmt(total)} rows in ${secs(performance.now() - started)}`);
  for (const [t, n] of Object.entries(deleted)
    .filter(([, n]) => n > 0)
    .sort())
    log(`  ${t.padEnd(24)} ${fmt(n).padStart(12)}`);
}

// -----------------------------------------------------------------------------------------------------------
// Main

// `… | head` closes stdout early: that is no error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const opts = parseArgs(process.argv.slice(2));
let client: pg.Client | null = null;
if (!opts.dryRun || opts.purge || opts.rebuildIndexes) {
  if (!opts.databaseUrl) fail('no database: give --database-url or set MIGRATION_DATABASE_URL (the owner role), or use --dry-run');
  client = new pg.Client({ connectionString: opts.databaseUrl, application_name: 'seed-scale' });
  await client.connect();
  const { rows } = await client.query<{ ms: string }>(`select setting as ms from pg_settings where name = 'deadlock_timeout'`);
  lockTimeoutMs = Math.max(200, 1.8 * Number(rows[0]?.ms ?? 1000));
}

try {
  // Before anything else: indexes an earlier --indexes-after load dropped and did not build again (it was
  // killed, or its rebuild failed).
  if (client) {
    const rebuilt = await rebuildPendingIndexes(client, { file: opts.indexesFile, log, connect: connectAgain });
    if (rebuilt) log(`seed-scale: built ${rebuilt.built.length} pending indexes in ${secs(rebuilt.ms)}`);
    else if (opts.rebuildIndexes) log('seed-scale: no pending indexes');
  }
  if (opts.rebuildIndexes) {
    // done
  } else if (opts.purge) {
    await purge(client!);
  } else {
    await seed();
  }
} finally {
  await client?.end();
}

async function connectAgain(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: opts.databaseUrl!, application_name: 'seed-scale' });
  await c.connect();
  return c;
}

async function seed(): Promise<void> {
  const offset = opts.offset ?? (client ? await detectOffset(client) : 0);
  if (offset + opts.schools > MAX_SCHOOLS)
    fail(`URNs run out: offset ${offset} + ${opts.schools} schools is over ${MAX_SCHOOLS}; purge or use a fresh database`);
  const batches = Math.ceil(opts.schools / opts.batch);
  log(
    `seed-scale: ${fmt(opts.schools)} schools, seed ${JSON.stringify(opts.seed)}, as of ${iso(opts.today)}, URNs ${URN_BASE + offset}–${URN_BASE + offset + opts.schools - 1}, ` +
      `${batches} batch${batches === 1 ? '' : 'es'} of up to ${opts.batch}${opts.dryRun ? ' (dry run: no database)' : ''}`,
  );
  const state = client ? await tableState(client, TABLE_NAMES, true) : { forced: [], triggers: [] };
  const hashes = Object.fromEntries(TABLE_NAMES.map((t) => [t, createHash('sha256')])) as Record<TableName, ReturnType<typeof createHash>>;
  const counts = Object.fromEntries(TABLE_NAMES.map((t) => [t, 0])) as Record<TableName, number>;
  const schools: SchoolSummary[] = [];
  const started = performance.now();
  let generating = 0;
  let waiting = 0;
  let loading = 0;
  let rowsSoFar = 0;

  // Batches are generated on a worker thread, one ahead of the batch being loaded.
  const input: WorkerInput = { seed: opts.seed, today: opts.today, schools: opts.schools, offset, batch: opts.batch };
  const worker = new Worker(new URL('./seed-scale-worker.js', import.meta.url), { workerData: input });
  const waiters = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: unknown) => void }>();
  worker.on('message', (result: BatchResult) => waiters.get(result.batch)?.resolve(result));
  worker.on('error', (err) => {
    for (const w of waiters.values()) w.reject(err);
  });
  const request = (batch: number) =>
    new Promise<BatchResult>((resolve, reject) => {
      waiters.set(batch, { resolve, reject });
      worker.postMessage(batch);
    });

  // --indexes-after: the secondary indexes go now and are built again after the last batch (the header).
  let before: IndexDef[] = [];
  let dropped: IndexDef[] = [];
  let rebuilt: RebuildResult | null = null;
  const stop: { signal: string | null } = { signal: null };
  const onSignal = (signal: string) => {
    if (stop.signal) {
      log(`seed-scale: ${signal} again: exiting now. ${dropped.length} indexes stay dropped and recorded; the next run (or --rebuild-indexes) builds them`);
      process.exit(130);
    }
    stop.signal = signal;
    log(`seed-scale: ${signal}: stopping after this batch to build the dropped indexes again (${signal} again to exit at once)`);
  };
  if (client && opts.indexesAfter) {
    before = await indexSet(client, TABLE_NAMES);
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
    dropped = await dropSecondaryIndexes(client, TABLE_NAMES, opts.indexesFile);
    log(
      `  dropped ${dropped.length} secondary indexes of the loaded tables for the load (recorded in the database${opts.indexesFile ? ` and ${opts.indexesFile}` : ''}); ` +
        `they are built after the last batch`,
    );
  }
  const fault = /^(kill|throw)@(\d+)$/.exec(process.env.SEED_SCALE_FAULT ?? '');

  let loadError: Error | null = null;
  try {
    let next = request(0);
    for (let b = 0; b < batches; b++) {
      if (stop.signal) throw new Error(`interrupted by ${stop.signal} after ${b} of ${batches} batches`);
      const w0 = performance.now();
      const result = await next;
      waiters.delete(b);
      if (b + 1 < batches) next = request(b + 1);
      const w1 = performance.now();
      waiting += w1 - w0;
      generating += result.ms;
      schools.push(...result.schools);
      let batchRows = 0;
      for (const t of result.tables) {
        for (const chunk of t.chunks) hashes[t.table].update(chunk);
        counts[t.table] += t.rows;
        batchRows += t.rows;
      }
      if (client) await loadBatch(client, `batch ${b + 1}`, result.tables, state);
      const w2 = performance.now();
      loading += w2 - w1;
      rowsSoFar += batchRows;
      const elapsed = w2 - started;
      const eta = (elapsed / (b + 1)) * (batches - b - 1);
      const first = b * opts.batch + 1;
      log(
        `  batch ${b + 1}/${batches}: schools ${first}–${first + result.schools.length - 1}, ${fmt(batchRows)} rows (generated in ${secs(result.ms)}${client ? `, loaded in ${secs(w2 - w1)}` : ''}); ` +
          `total ${fmt(rowsSoFar)} rows, ${fmt(rowsSoFar / (elapsed / 1000))} rows/s${b + 1 < batches ? `, about ${secs(eta)} to go` : ''}`,
      );
      // For the tests: a crash (the process killed outright) or a failure after batch N.
      if (fault && Number(fault[2]) === b + 1) {
        if (fault[1] === 'kill') process.kill(process.pid, 'SIGKILL');
        throw new Error(`SEED_SCALE_FAULT: failing after batch ${b + 1}`);
      }
    }
  } catch (err) {
    loadError = err instanceof Error ? err : new Error(String(err));
  } finally {
    await worker.terminate();
  }
  // Whether the load finished or failed (the `finally` of the header): the dropped indexes are built again.
  if (client && dropped.length > 0) {
    if (loadError) log(`seed-scale: the load failed; building the ${dropped.length} dropped indexes again before exiting`);
    try {
      rebuilt = await rebuildPendingIndexes(client, { file: opts.indexesFile, log, connect: connectAgain });
    } catch (err) {
      log(
        `seed-scale: BUILDING THE DROPPED INDEXES FAILED: ${(err as Error).message}\n` +
          `  They stay recorded in the table seed_scale_pending_indexes; the next run, or --rebuild-indexes, builds them.`,
      );
      // The load's own error, if there was one, is the one to report; otherwise this one.
      if (!loadError) throw err;
    }
  }
  process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  if (loadError) throw loadError;
  const loaded = performance.now();
  const indexMs = rebuilt?.ms ?? 0;
  if (client && dropped.length > 0) {
    const differences = indexDifferences(before, await indexSet(client, TABLE_NAMES));
    if (differences.length > 0) throw new Error(`the loaded tables' indexes differ from before the load:\n  ${differences.join('\n  ')}`);
    log(`  built the ${dropped.length} secondary indexes again in ${secs(indexMs)}; the tables have the ${before.length} indexes they had before the load`);
  }
  let analyzed = 0;
  if (client && opts.analyze) {
    await client.query(`analyze ${TABLE_NAMES.map(q).join(', ')}`);
    analyzed = performance.now() - loaded;
  }

  const total = Object.values(counts).reduce((a, n) => a + n, 0);
  const seconds = (loaded - started) / 1000;
  const digest = createHash('sha256');
  for (const t of TABLE_NAMES) digest.update(`${t}:${hashes[t].digest('hex')}\n`);
  const hex = digest.digest('hex');
  log('');
  log(`${'table'.padEnd(24)} ${'rows'.padStart(12)}`);
  for (const t of TABLE_NAMES) log(`${t.padEnd(24)} ${fmt(counts[t]).padStart(12)}`);
  log(`${'total'.padEnd(24)} ${fmt(total).padStart(12)}`);
  log('');
  const pupils = schools.reduce((a, s) => a + s.pupils, 0);
  const phases = ['primary', 'secondary', 'special'].map((p) => `${schools.filter((s) => s.phase === p).length} ${p}`).join(', ');
  log(`${fmt(schools.length)} schools (${phases}), ${fmt(pupils)} pupils`);
  log(
    `${opts.dryRun ? 'generated' : 'generated and loaded'} ${fmt(total)} rows in ${secs(loaded - started)}: ${fmt(total / seconds)} rows/s ` +
      `(generating ${secs(generating)} on a worker thread${client ? `, loading ${secs(loading)}, waiting for the generator ${secs(waiting)}` : ''}` +
      `${dropped.length > 0 ? `, building ${dropped.length} secondary indexes after the load ${secs(indexMs)}` : ''})${analyzed ? `; ANALYZE ${secs(analyzed)}` : ''}`,
  );
  log(`digest ${hex} (seed ${JSON.stringify(opts.seed)}, as of ${iso(opts.today)}, offset ${offset}: the same three give the same digest)`);
  if (!opts.dryRun) log(`users' password: ${SCALE_PASSWORD}; e.g. senco.${URN_BASE + offset}@${EMAIL_DOMAIN}`);
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ seed: opts.seed, today: iso(opts.today), offset, schools, counts, rows: total, seconds, rowsPerSecond: Math.round(total / seconds), digest: hex, ...(dropped.length > 0 ? { indexesAfter: { indexes: dropped.length, seconds: indexMs / 1000 } } : {}) })}\n`,
    );
  }
}

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import pg from 'pg';

/**
 * The benchmark data generator (scripts/seed-scale.ts), run as the command it is: three schools with a fixed
 * seed into the test database (as the owner role, MIGRATION_DATABASE_URL), then checked below the application
 * as the app role sees them. It loads with COPY after unforcing row-level security inside its transactions,
 * so the first thing to prove is that RLS is forced again afterwards. It runs with the serial suites: a load
 * takes table locks for a few seconds, which would stall the suites running beside it.
 */
jest.setTimeout(300_000);

const execFileAsync = promisify(execFile);
const CLI = path.resolve('dist/scripts/seed-scale.js');
const SEED = 'seed-scale-e2e';
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

interface Summary {
  seed: string;
  today: string;
  offset: number;
  schools: { id: string; urn: string; phase: string; pupils: number }[];
  counts: Record<string, number>;
  rows: number;
  digest: string;
  indexesAfter?: { indexes: number; seconds: number };
}

async function seedScale(...args: string[]): Promise<Summary> {
  const { stdout } = await execFileAsync(process.execPath, [CLI, '--schools', '3', '--seed', SEED, '--today', TODAY, '--json', ...args], {
    env: process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Summary;
}

let first: Summary;
let second: Summary;
let app: pg.Client;
let tenantTables: string[];

/** A query as the app role in the given schools (pupil access 'all'), in a transaction rolled back after. */
async function asSchools<R extends pg.QueryResultRow>(schoolIds: string[], sql: string, params: unknown[] = []): Promise<R[]> {
  await app.query('begin');
  try {
    await app.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, [`{${schoolIds.join(',')}}`]);
    return (await app.query<R>(sql, params)).rows;
  } finally {
    await app.query('rollback');
  }
}

beforeAll(async () => {
  // Two batches (of 2 and 1 schools), so more than one loading transaction runs. From school number 1: number
  // 0, like every 400th, is the large secondary, which would make the second run's counts differ.
  first = await seedScale('--batch', '2', '--offset', '1');
  second = await seedScale();
  app = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await app.connect();
  tenantTables = (
    await app.query<{ table_name: string }>(
      `select c.table_name from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
      where c.table_schema = 'public' and c.column_name = 'school_id' and t.table_type = 'BASE TABLE' order by 1`,
    )
  ).rows.map((r) => r.table_name);
});
afterAll(async () => {
  await app?.end();
});

it('leaves row-level security forced on every tenant table, and no trigger disabled', async () => {
  const res = await app.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
    `select relname, relrowsecurity, relforcerowsecurity from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' and relname = any($1)`,
    [[...tenantTables, 'schools', 'trusts']],
  );
  expect(res.rows).toHaveLength(tenantTables.length + 2);
  for (const row of res.rows)
    expect({ table: row.relname, enabled: row.relrowsecurity, forced: row.relforcerowsecurity }).toEqual({ table: row.relname, enabled: true, forced: true });
  const disabled = await app.query(
    `select tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid where c.relnamespace = 'public'::regnamespace and not t.tgisinternal and t.tgenabled = 'D'`,
  );
  expect(disabled.rows).toEqual([]);
});

it("shows each school's rows only with that school's setting, and none without one", async () => {
  expect(first.schools).toHaveLength(3);
  const ids = first.schools.map((s) => s.id);
  const loaded = Object.entries(first.counts)
    .filter(([table, n]) => n > 0 && tenantTables.includes(table))
    .map(([table]) => table);
  expect(loaded).toEqual(
    expect.arrayContaining(['pupils', 'sen_status_entries', 'contacts', 'plan_cycles', 'plan_targets', 'intervention_sessions', 'session_attendance']),
  );
  const seen: Record<string, number> = {};
  for (const school of first.schools) {
    const [own] = await asSchools<{ n: number }>([school.id], `select count(*)::int as n from schools where id = any($1::uuid[])`, [ids]);
    expect(own!.n).toBe(1);
    for (const table of loaded) {
      const [row] = await asSchools<{ own: number; other: number }>(
        [school.id],
        `select count(*) filter (where school_id = $1)::int as own, count(*) filter (where school_id <> $1)::int as other from ${table}`,
        [school.id],
      );
      expect({ table, other: row!.other }).toEqual({ table, other: 0 });
      seen[table] = (seen[table] ?? 0) + row!.own;
    }
  }
  // Every row the generator wrote is visible to its own school.
  for (const table of loaded) expect({ table, rows: seen[table] }).toEqual({ table, rows: first.counts[table] });
  for (const table of ['schools', 'pupils', 'sen_status_entries', 'plan_cycles']) {
    const column = table === 'schools' ? 'id' : 'school_id';
    const [none] = await asSchools<{ n: number }>([], `select count(*)::int as n from ${table} where ${column} = any($1::uuid[])`, [ids]);
    expect({ table, rows: none!.n }).toEqual({ table, rows: 0 });
  }
});

it('puts plausible shares of pupils on SEN support (8–25%) and EHC plans (0.5–8%) in mainstream schools', async () => {
  const mainstream = first.schools.filter((s) => s.phase === 'primary' || s.phase === 'secondary');
  expect(mainstream.length).toBeGreaterThan(0);
  for (const school of mainstream) {
    const [row] = await asSchools<{ pupils: number; k: number; e: number }>(
      [school.id],
      `select (select count(*)::int from pupils) as pupils,
              count(*) filter (where status = 'K')::int as k, count(*) filter (where status = 'E')::int as e
         from sen_status_entries where end_date is null`,
    );
    expect(row!.pupils).toBe(school.pupils);
    const shares = { urn: school.urn, k: row!.k / row!.pupils, e: row!.e / row!.pupils };
    expect(shares.k).toBeGreaterThanOrEqual(0.08);
    expect(shares.k).toBeLessThanOrEqual(0.25);
    expect(shares.e).toBeGreaterThanOrEqual(0.005);
    expect(shares.e).toBeLessThanOrEqual(0.08);
  }
});

it('gives every K and E entry a primary need, and no pupil overlapping periods', async () => {
  const ids = first.schools.map((s) => s.id);
  const [needs] = await asSchools<{ on_register: number; missing: number; pending: number; sent: number }>(
    ids,
    `select count(*) filter (where status in ('K', 'E'))::int as on_register,
            count(*) filter (where status in ('K', 'E') and primary_need is null)::int as missing,
            count(*) filter (where status = 'K' and end_date is null and notice_event_id is not null and parents_notified_at is null)::int as pending,
            count(*) filter (where status = 'K' and end_date is null and parents_notified_at is not null)::int as sent
       from sen_status_entries`,
  );
  expect(needs!.on_register).toBeGreaterThan(0);
  expect(needs!.missing).toBe(0);
  // Most notices to parents went; a few are still pending.
  expect(needs!.pending).toBeGreaterThan(0);
  expect(needs!.pending).toBeLessThan(needs!.sent);
  const [overlaps] = await asSchools<{ n: number; open_twice: number; history: number }>(
    ids,
    `select (select count(*)::int from sen_status_entries a join sen_status_entries b
               on a.pupil_id = b.pupil_id and a.id < b.id and daterange(a.start_date, a.end_date, '[)') && daterange(b.start_date, b.end_date, '[)')) as n,
            (select count(*)::int from (select pupil_id from sen_status_entries where end_date is null group by 1 having count(*) > 1) x) as open_twice,
            (select count(*)::int from (select pupil_id from sen_status_entries group by 1 having count(*) > 1) x) as history`,
  );
  expect(overlaps).toEqual({ n: 0, open_twice: 0, history: expect.any(Number) });
  // Some pupils moved between statuses over time (N→K, K→E, K→N), so the no-overlap rule was exercised.
  expect(overlaps!.history).toBeGreaterThan(0);
  const constraint = await app.query(`select convalidated from pg_constraint where conname = 'ex_sen_status_no_overlap'`);
  expect(constraint.rows).toEqual([{ convalidated: true }]);
});

it('has reviews overdue and due within 14 days, and a term of sessions with some missed or cancelled', async () => {
  const ids = first.schools.map((s) => s.id);
  const [reviews] = await asSchools<{ overdue: number; soon: number; reviewed: number }>(
    ids,
    `select count(*) filter (where status = 'active' and review_date < $1::date)::int as overdue,
            count(*) filter (where status = 'active' and review_date between $1::date and $1::date + 14)::int as soon,
            count(*) filter (where status = 'reviewed')::int as reviewed
       from plan_cycles`,
    [TODAY],
  );
  expect(reviews!.overdue).toBeGreaterThan(0);
  expect(reviews!.soon).toBeGreaterThan(0);
  expect(reviews!.reviewed).toBeGreaterThan(0);
  const [sessions] = await asSchools<{ past: number; missed: number; absent: number }>(
    ids,
    `select count(*)::int as past, count(*) filter (where status <> 'delivered')::int as missed,
            (select count(*)::int from session_attendance where not present) as absent
       from intervention_sessions where date < $1::date`,
    [TODAY],
  );
  expect(sessions!.past).toBeGreaterThan(0);
  expect(sessions!.missed / sessions!.past).toBeGreaterThan(0.05);
  expect(sessions!.missed / sessions!.past).toBeLessThan(0.25);
  expect(sessions!.absent).toBeGreaterThan(0);
});

it('a second run with the same seed adds three new schools with the same per-table counts', async () => {
  expect(second.offset).toBe(first.offset + 3);
  expect(second.schools.map((s) => s.id).filter((id) => first.schools.some((f) => f.id === id))).toEqual([]);
  expect(second.schools.map((s) => s.urn)).not.toEqual(first.schools.map((s) => s.urn));
  expect(second.counts).toEqual(first.counts);
  const tables = Object.keys(first.counts).filter((t) => tenantTables.includes(t));
  const countIn = async (schoolIds: string[]) => {
    const out: Record<string, number> = {};
    for (const table of tables) out[table] = (await asSchools<{ n: number }>(schoolIds, `select count(*)::int as n from ${table}`))[0]!.n;
    return out;
  };
  const inFirst = await countIn(first.schools.map((s) => s.id));
  expect(await countIn(second.schools.map((s) => s.id))).toEqual(inFirst);
  for (const table of tables) expect({ table, rows: inFirst[table] }).toEqual({ table, rows: first.counts[table] });
  // The same content under new ids: a hash of a sample (each school's pupils and their SEN timelines) matches.
  const sample = async (schoolId: string) =>
    (
      await asSchools<{ pupils: string; timeline: string }>(
        [schoolId],
        `select (select md5(string_agg(concat_ws('|', upn, legal_first_name, legal_last_name, date_of_birth, year_group, class_name, gender, fsm_eligible, eal), ',' order by upn)) from pupils) as pupils,
              (select md5(string_agg(concat_ws('|', p.upn, e.status, e.start_date, e.end_date, e.primary_need, e.secondary_need, e.register_since, e.parents_notified_at), ',' order by p.upn, e.start_date))
                 from sen_status_entries e join pupils p on p.id = e.pupil_id) as timeline`,
      )
    )[0]!;
  for (let i = 0; i < first.schools.length; i++) {
    const a = await sample(first.schools[i]!.id);
    expect(a.pupils).toMatch(/^[0-9a-f]{32}$/);
    expect(await sample(second.schools[i]!.id)).toEqual(a);
  }
});

it('makes every 400th school a secondary of about 2,000 pupils, whatever run it falls in', async () => {
  for (const offset of ['0', '400']) {
    const [school] = (await seedScale('--dry-run', '--schools', '1', '--offset', offset)).schools;
    expect({ offset, phase: school!.phase, large: school!.pupils > 1900 }).toEqual({ offset, phase: 'secondary', large: true });
  }
  const [ordinary] = (await seedScale('--dry-run', '--schools', '1', '--offset', '401')).schools;
  expect(ordinary!.pupils).toBeLessThan(1900);
});

it('is deterministic: a dry run with the same seed, day and offset produces the same rows', async () => {
  const dry = await seedScale('--dry-run', '--offset', String(first.offset));
  expect(dry.digest).toBe(first.digest);
  expect(dry.counts).toEqual(first.counts);
  expect(dry.schools).toEqual(first.schools);
  const other = await seedScale('--dry-run', '--offset', String(first.offset), '--seed', `${SEED}-other`);
  expect(other.digest).not.toBe(first.digest);
});

it('--purge removes the synthetic schools and their rows, and leaves RLS forced', async () => {
  await execFileAsync(process.execPath, [CLI, '--purge'], { env: process.env });
  const ids = [...first.schools, ...second.schools].map((s) => s.id);
  for (const table of ['pupils', 'sen_status_entries', 'plan_targets', 'session_attendance']) {
    const [row] = await asSchools<{ n: number }>(ids, `select count(*)::int as n from ${table}`);
    expect({ table, rows: row!.n }).toEqual({ table, rows: 0 });
  }
  const users = await app.query(`select count(*)::int as n from users where email like '%@scale.invalid'`);
  expect(users.rows[0].n).toBe(0);
  const unforced = await app.query(
    `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' and relrowsecurity and not relforcerowsecurity`,
  );
  expect(unforced.rows).toEqual([]);
});

describe('--indexes-after (the bench loads this way)', () => {
  let owner: pg.Client;
  let dir: string;
  /** Every index in schema public, with its definition. */
  const indexes = async () =>
    (
      await owner.query<{ tablename: string; indexname: string; indexdef: string }>(
        `select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`,
      )
    ).rows;
  const pendingTable = async () => (await owner.query(`select to_regclass('public.seed_scale_pending_indexes') as t`)).rows[0].t as string | null;
  const purge = (...args: string[]) => execFileAsync(process.execPath, [CLI, '--purge', ...args], { env: process.env });

  beforeAll(async () => {
    owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
    await owner.connect();
    dir = mkdtempSync(path.join(os.tmpdir(), 'seed-scale-indexes-'));
  });
  afterAll(async () => {
    await owner?.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the same rows, builds the dropped indexes after the load, and leaves every index exactly as it was', async () => {
    const before = await indexes();
    // The first run's schools again (purged above): the same rows, so the same digest.
    const run = await seedScale('--batch', '2', '--offset', String(first.offset), '--indexes-after');
    expect(run.digest).toBe(first.digest);
    expect(run.indexesAfter?.indexes).toBeGreaterThanOrEqual(30);
    expect(await indexes()).toEqual(before);
    expect(await pendingTable()).toBeNull();
    // Primary keys, unique and exclusion indexes were never dropped: they are in the list of what was, and
    // the constraints behind them are all there and valid.
    const constraints = await owner.query(
      `select count(*)::int as n, count(*) filter (where not convalidated)::int as invalid from pg_constraint where connamespace = 'public'::regnamespace`,
    );
    expect(constraints.rows[0].invalid).toBe(0);
    await purge();
  });

  it('a load killed mid-way leaves the dropped indexes recorded in the database and the file; the next run builds them first', async () => {
    const before = await indexes();
    const file = path.join(dir, 'indexes-pending.json');
    const killed = execFileAsync(process.execPath, [CLI, '--schools', '3', '--batch', '1', '--offset', '10', '--indexes-after', '--indexes-file', file], {
      env: { ...process.env, SEED_SCALE_FAULT: 'kill@1' },
    });
    await expect(killed).rejects.toMatchObject({ signal: 'SIGKILL' });
    const during = await indexes();
    const missing = before.filter((b) => !during.some((d) => d.indexname === b.indexname)).map((b) => b.indexname);
    expect(missing).toEqual(expect.arrayContaining(['idx_pupils_school_name', 'idx_sen_status_school_pupil', 'idx_session_attendance_school_pupil']));
    // Never a primary key, a unique index or an exclusion constraint's.
    expect(missing.filter((name) => /^(pk_|PK_|uq_|ex_)/.test(name))).toEqual([]);
    // Nothing new but the record's own table (and its primary key).
    expect(during.filter((d) => !before.some((b) => b.indexname === d.indexname)).map((d) => d.tablename)).toEqual(['seed_scale_pending_indexes']);
    const recorded = await owner.query<{ name: string; def: string }>(`select name, def from seed_scale_pending_indexes order by name`);
    expect(recorded.rows.map((r) => r.name)).toEqual([...missing].sort());
    for (const r of recorded.rows) expect(r.def).toBe(before.find((b) => b.indexname === r.name)!.indexdef);
    const inFile = (JSON.parse(readFileSync(file, 'utf8')) as { indexes: { name: string }[] }).indexes.map((i) => i.name);
    expect(inFile.sort()).toEqual([...missing].sort());
    // Any next run, whatever it was asked to do (a purge here), first builds what is pending.
    const { stdout } = await purge('--indexes-file', file);
    expect(stdout).toMatch(new RegExp(`built ${missing.length} pending indexes`));
    expect(await indexes()).toEqual(before);
    expect(await pendingTable()).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('a load that fails builds the dropped indexes again before it exits with the error', async () => {
    const before = await indexes();
    const failed = execFileAsync(process.execPath, [CLI, '--schools', '3', '--batch', '1', '--offset', '20', '--indexes-after'], {
      env: { ...process.env, SEED_SCALE_FAULT: 'throw@2' },
    });
    await expect(failed).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('SEED_SCALE_FAULT') });
    expect(await indexes()).toEqual(before);
    expect(await pendingTable()).toBeNull();
    await purge();
  });

  it('--rebuild-indexes with nothing pending says so and changes nothing', async () => {
    const { stdout } = await execFileAsync(process.execPath, [CLI, '--rebuild-indexes'], { env: process.env });
    expect(stdout).toContain('no pending indexes');
  });
});

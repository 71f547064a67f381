import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { jest } from '@jest/globals';
import pg from 'pg';
import { createDataSource } from '#libs/database';
import { allEntities } from '#libs/entities';
import { upnCheckLetter } from '#libs/register';
import { TEST_PASSWORD, createTestSchool, type TestSchool } from '#libs/testing';
import { dobFor } from './helpers/register.js';
import { freePort } from './helpers/ports.js';

/**
 * PostgreSQL stopped and restarted under the API while it is under load. The test starts its own PostgreSQL
 * (so stopping it harms no other suite) and the production build of the API as a child process against it,
 * keeps concurrent reads and writes going through the real routes, and stops PostgreSQL three ways: fast
 * shutdown, immediate shutdown (crash recovery at the next start) and SIGKILL of every PostgreSQL process.
 *
 * - During each outage every request fails fast (a bound against hangs, not a speed target) with 503
 *   application/problem+json and Retry-After; nothing answers 500 or hangs.
 * - After each restart the same API process serves 2xx again by itself, and /health/ready says so.
 * - No corrupted rows: every write answered 2xx is there in full (the row and its audit events); every
 *   write answered with an error left all of it or none of it (a connection cut just after COMMIT cannot
 *   tell the client, so "all" is allowed there, never "part"); amcheck finds every heap and index sound.
 */
jest.setTimeout(240_000);

interface PostgresServer {
  port: number;
  pid: number;
  databaseUrl: string;
  migrationDatabaseUrl: string;
  superuserUrl: string;
  stop: (mode?: 'fast' | 'immediate' | 'kill') => Promise<void>;
}
type StartPostgresServer = (options: { dataDir: string; port?: number; log?: (line: string) => void }) => Promise<PostgresServer>;

/** A correctness bound: a request during the outage must not wait anywhere near this long. */
const FAIL_FAST_MS = 5_000;
/** A request still unanswered after this is a hang. */
const CLIENT_TIMEOUT_MS = 20_000;
const OUTAGE_MS = 4_000;
const RECOVERY_BOUND_MS = 20_000;

const dataDir = path.resolve(process.env.TEST_DATA_DIR || '.data/test', 'faults-postgres');
const tag = randomUUID().replace(/-/g, '').slice(0, 10);
/** In names and emails only (request ids carry `tag`), so the log check below looks for personal data alone. */
const nameTag = Array.from(randomUUID().replace(/-/g, '').slice(0, 10), (c) => String.fromCharCode(97 + (parseInt(c, 16) % 26))).join('');
const apiLog: string[] = [];
let startPostgresServer: StartPostgresServer;
let postgres: PostgresServer;
let api: ChildProcess;
let apiUrl: string;
let school: TestSchool;
let token: string;
let basePupils: string[] = [];
const setupRequestIds: string[] = [];

interface Sample {
  kind: 'read-register' | 'read-pupil' | 'write-pupil' | 'write-contact';
  requestId: string;
  marker?: string;
  start: number;
  end: number;
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: Record<string, unknown> | null;
  clientError?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nAPI log:\n${apiLog.join('').slice(-3000)}`);
    await sleep(100);
  }
}

let upnSerial = 0;
/** Unique, valid UPNs: LA 801, establishment and serial from a counter. */
function nextUpn(): string {
  const n = upnSerial++;
  const body = `801${2000 + Math.floor(n / 1000)}26${String(n % 1000).padStart(3, '0')}`;
  return `${upnCheckLetter(body)}${body}`;
}

async function call(kind: Sample['kind'], method: string, url: string, body?: unknown, marker?: string): Promise<Sample> {
  const requestId = `fault-${tag}-${randomUUID()}`;
  const start = Date.now();
  try {
    const res = await fetch(`${apiUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'x-request-id': requestId, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> | null = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    return {
      kind,
      requestId,
      marker,
      start,
      end: Date.now(),
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      retryAfter: res.headers.get('retry-after'),
      body: parsed,
    };
  } catch (error) {
    return {
      kind,
      requestId,
      marker,
      start,
      end: Date.now(),
      status: 0,
      contentType: '',
      retryAfter: null,
      body: null,
      clientError: (error as Error).name + ': ' + (error as Error).message,
    };
  }
}

/** Concurrent loops of reads and writes through the real routes until `stop` is set. */
function startLoad(): { samples: Sample[]; stop: () => Promise<void> } {
  const samples: Sample[] = [];
  let running = true;
  let contactSerial = 0;
  const base = `/v1/schools/${school.school.id}`;
  const loop = async (step: () => Promise<Sample>) => {
    while (running) {
      samples.push(await step());
      await sleep(10);
    }
  };
  const loops = [
    loop(() => call('read-register', 'GET', `${base}/register`)),
    loop(() => call('read-pupil', 'GET', `${base}/pupils/${basePupils[0]}`)),
    // Each writer has its own pupil for contacts: priorities are per pupil.
    ...[0, 1].map(() =>
      loop(() => {
        const upn = nextUpn();
        return call(
          'write-pupil',
          'POST',
          `${base}/pupils`,
          {
            upn,
            legalFirstName: 'Fault',
            legalLastName: `Load${nameTag}`,
            dateOfBirth: dobFor('4'),
            yearGroup: '4',
            className: '4F',
            fsmEligible: false,
            eal: false,
            lookedAfter: false,
          },
          upn,
        );
      }),
    ),
    ...[1, 2].map((i) =>
      loop(() => {
        const email = `c${contactSerial++}-${nameTag}@fault.test.invalid`;
        return call(
          'write-contact',
          'POST',
          `${base}/pupils/${basePupils[i]}/contacts`,
          {
            firstName: 'Parent',
            lastName: `Load${nameTag}`,
            email,
            preferredChannel: 'email',
            relationship: 'mother',
            parentalResponsibility: true,
          },
          email,
        );
      }),
    ),
  ];
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function ready(): Promise<{ status: number; body: { checks?: { postgres?: { status?: string } } } }> {
  const res = await fetch(`${apiUrl}/health/ready`, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
  return { status: res.status, body: (await res.json()) as { checks?: { postgres?: { status?: string } } } };
}

async function superuser<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(postgres.superuserUrl);
  url.pathname = '/sen';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  ({ startPostgresServer } = (await import(pathToFileURL(path.resolve('scripts/services.mjs')).href)) as { startPostgresServer: StartPostgresServer });
  rmSync(dataDir, { recursive: true, force: true });
  postgres = await startPostgresServer({ dataDir });
  const migrate = spawnSync(process.execPath, ['dist/libs/database/migrate.cli.js'], {
    env: { ...process.env, MIGRATION_DATABASE_URL: postgres.migrationDatabaseUrl, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr}${migrate.stdout}`);

  const ds = createDataSource({ url: postgres.databaseUrl, entities: allEntities, applicationName: 'faults-test', poolSize: 2 });
  await ds.initialize();
  try {
    school = await createTestSchool(ds);
  } finally {
    await ds.destroy();
  }

  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  api = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: { ...process.env, DATABASE_URL: postgres.databaseUrl, API_PORT: String(port), API_HOST: '127.0.0.1', PUBLIC_URL: apiUrl, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout?.on('data', (d: Buffer) => apiLog.push(d.toString()));
  api.stderr?.on('data', (d: Buffer) => apiLog.push(d.toString()));
  await until('the API to answer /health/ready', async () => (await ready()).status === 200, 60_000);

  const login = await fetch(`${apiUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: school.users.senco.email, password: TEST_PASSWORD }),
  });
  expect(login.status).toBe(200);
  token = ((await login.json()) as { accessToken: string }).accessToken;
  basePupils = [];
  for (let i = 0; i < 3; i += 1) {
    const upn = nextUpn();
    const res = await call('write-pupil', 'POST', `/v1/schools/${school.school.id}/pupils`, {
      upn,
      legalFirstName: 'Base',
      legalLastName: `Pupil${nameTag}`,
      dateOfBirth: dobFor('4'),
      yearGroup: '4',
      className: '4F',
      fsmEligible: false,
      eal: false,
      lookedAfter: false,
    });
    expect(res.status).toBe(201);
    setupRequestIds.push(res.requestId);
    basePupils.push(String(res.body!.id));
  }
});

afterAll(async () => {
  // For diagnosis: the API's own log (request lines and error types; no personal data, which the test checks).
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, 'api.log'), apiLog.join(''));
  if (api && api.exitCode === null) {
    await new Promise<void>((resolve) => {
      api.once('exit', () => resolve());
      api.kill('SIGTERM');
    });
  }
  await postgres?.stop('fast');
});

it('under load, PostgreSQL stopped (fast, immediate, killed) and restarted: 503s fast, recovers by itself, no corrupted rows', async () => {
  const apiPid = api.pid;
  const load = startLoad();
  const cycles: {
    mode: 'fast' | 'immediate' | 'kill';
    stoppedAt: number;
    restartAt: number;
    upAt: number;
    readyDuringOutage: number;
    postgresDuringOutage?: string;
  }[] = [];
  try {
    await until(
      'writes to succeed before the first outage',
      async () => load.samples.filter((s) => s.kind.startsWith('write') && s.status === 201).length >= 10,
      30_000,
    );
    for (const mode of ['fast', 'immediate', 'kill'] as const) {
      await postgres.stop(mode);
      const stoppedAt = Date.now();
      await sleep(OUTAGE_MS / 2);
      const duringOutage = await ready();
      await sleep(OUTAGE_MS / 2);
      const restartAt = Date.now();
      postgres = await startPostgresServer({ dataDir, port: postgres.port });
      const upAt = Date.now();
      cycles.push({
        mode,
        stoppedAt,
        restartAt,
        upAt,
        readyDuringOutage: duringOutage.status,
        postgresDuringOutage: duringOutage.body.checks?.postgres?.status,
      });
      // Recovered by itself: the same API process answers writes and reads with 2xx again.
      await until(
        `the API to recover after the ${mode} stop`,
        async () => {
          const after = load.samples.filter((s) => s.start >= upAt && s.status >= 200 && s.status < 300);
          return after.some((s) => s.kind === 'write-pupil') && after.some((s) => s.kind === 'write-contact') && after.some((s) => s.kind.startsWith('read'));
        },
        RECOVERY_BOUND_MS,
      );
      expect((await ready()).status).toBe(200);
      await sleep(2_000); // steady again before the next outage
    }
  } finally {
    await load.stop();
  }
  expect(api.exitCode).toBeNull();
  expect(api.pid).toBe(apiPid);

  const samples = load.samples;
  // Never a hang, never a 500: every answer is a 2xx or a 503, and came within the bound.
  expect(samples.filter((s) => s.clientError)).toEqual([]);
  expect(
    samples.filter((s) => !(s.status >= 200 && s.status < 300) && s.status !== 503).map((s) => ({ kind: s.kind, status: s.status, body: s.body })),
  ).toEqual([]);
  const slowest = Math.max(...samples.map((s) => s.end - s.start));
  expect(slowest).toBeLessThan(FAIL_FAST_MS);
  // Every 503 is problem+json saying when to retry.
  for (const s of samples.filter((x) => x.status === 503)) {
    expect(s.contentType).toMatch(/^application\/problem\+json/);
    expect(s.retryAfter).toBe('5');
    expect(s.body).toMatchObject({ status: 503, type: '/problems/service-unavailable', title: 'Service Unavailable', requestId: s.requestId });
  }

  const figures: string[] = [];
  for (const c of cycles) {
    const outage = samples.filter((s) => s.start >= c.stoppedAt && s.end <= c.restartAt);
    // With PostgreSQL down, every request of every kind was refused with 503: none waited, none was served.
    expect(outage.length).toBeGreaterThanOrEqual(20);
    expect(new Set(outage.map((s) => s.kind)).size).toBe(4);
    expect(outage.filter((s) => s.status !== 503)).toEqual([]);
    expect(c.readyDuringOutage).toBe(503);
    expect(c.postgresDuringOutage).toBe('down');
    // After the restart: from the first success on, the API stays well (the pool dropped every dead connection).
    const after = samples.filter((s) => s.start >= c.upAt);
    const firstOk = Math.min(...after.filter((s) => s.status >= 200 && s.status < 300).map((s) => s.end));
    const next = cycles[cycles.indexOf(c) + 1];
    const settled = after.filter((s) => s.start > firstOk + 500 && (!next || s.end < next.stoppedAt - 500));
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.filter((s) => s.status < 200 || s.status >= 300)).toEqual([]);
    const outageMs = outage.map((s) => s.end - s.start);
    figures.push(
      `${c.mode}: ${outage.length} requests during the outage, 503 in max ${Math.max(...outageMs)} ms (median ${outageMs.sort((a, b) => a - b)[Math.floor(outageMs.length / 2)]} ms); PostgreSQL up ${c.upAt - c.restartAt} ms after restart began; first 2xx ${firstOk - c.upAt} ms after it was up`,
    );
  }
  console.log(`faults: ${samples.length} requests, slowest ${slowest} ms\n  ${figures.join('\n  ')}`);

  // No corrupted rows. Read as the superuser (it bypasses RLS) from the recovered database.
  const pupilWrites = samples.filter((s) => s.kind === 'write-pupil');
  const contactWrites = samples.filter((s) => s.kind === 'write-contact');
  const audits = await superuser(async (db) => {
    const rows = (
      await db.query(`select request_id, action, entity_id from audit_events where school_id = $1 and request_id like $2`, [school.school.id, `fault-${tag}-%`])
    ).rows as { request_id: string; action: string; entity_id: string }[];
    const pupils = (await db.query(`select id, upn, legal_first_name, legal_last_name, class_name from pupils where school_id = $1`, [school.school.id]))
      .rows as { id: string; upn: string; legal_first_name: string; legal_last_name: string; class_name: string }[];
    const contacts = (
      await db.query(
        `select c.id, c.email, c.last_name, pc.pupil_id from contacts c left join pupil_contacts pc on pc.contact_id = c.id and pc.school_id = c.school_id where c.school_id = $1`,
        [school.school.id],
      )
    ).rows as { id: string; email: string; last_name: string; pupil_id: string | null }[];
    return { rows, pupils, contacts };
  });
  const auditsBy = new Map<string, { action: string; entity_id: string }[]>();
  for (const a of audits.rows) auditsBy.set(a.request_id, [...(auditsBy.get(a.request_id) ?? []), { action: a.action, entity_id: a.entity_id }]);
  const pupilsByUpn = new Map(audits.pupils.map((p) => [p.upn, p]));
  const contactsByEmail = new Map<string, (typeof audits.contacts)[number][]>();
  for (const c of audits.contacts) contactsByEmail.set(c.email, [...(contactsByEmail.get(c.email) ?? []), c]);

  let committedButRefused = 0;
  for (const w of pupilWrites.filter((s) => s.marker)) {
    const pupil = pupilsByUpn.get(w.marker!);
    const events = auditsBy.get(w.requestId) ?? [];
    if (w.status === 201) {
      expect(pupil).toMatchObject({ id: w.body!.id, legal_first_name: 'Fault', legal_last_name: `Load${nameTag}`, class_name: '4F' });
      expect(events).toEqual([{ action: 'pupil.created', entity_id: w.body!.id }]);
    } else {
      // All or nothing: the pupil and its audit event together, or neither.
      if (pupil) {
        committedButRefused += 1;
        expect(events).toEqual([{ action: 'pupil.created', entity_id: pupil.id }]);
      } else expect(events).toEqual([]);
    }
  }
  for (const w of contactWrites) {
    const found = contactsByEmail.get(w.marker!) ?? [];
    const events = (auditsBy.get(w.requestId) ?? []).map((e) => e.action).sort();
    if (w.status === 201) {
      expect(found).toHaveLength(1);
      expect(found[0]!.pupil_id).not.toBeNull();
      expect(events).toEqual(['contact.created', 'contact.linked']);
    } else if (found.length > 0) {
      committedButRefused += 1;
      expect(found).toHaveLength(1);
      expect(found[0]!.pupil_id).not.toBeNull();
      expect(events).toEqual(['contact.created', 'contact.linked']);
    } else expect(events).toEqual([]);
  }
  // Nothing else was written by the load: every audit event belongs to one of its requests.
  const known = new Set([...samples.map((s) => s.requestId), ...setupRequestIds]);
  expect(audits.rows.filter((a) => !known.has(a.request_id))).toEqual([]);
  const created = pupilWrites.filter((s) => s.status === 201).length;
  expect(audits.pupils.filter((p) => p.legal_last_name === `Load${nameTag}`).length).toBeGreaterThanOrEqual(created);
  expect(audits.pupils.filter((p) => p.legal_last_name === `Load${nameTag}`).length).toBeLessThanOrEqual(created + committedButRefused);
  expect(created).toBeGreaterThan(30);
  expect(samples.filter((s) => s.status === 503).length).toBeGreaterThan(60);
  console.log(
    `faults: ${created} pupils and ${contactWrites.filter((s) => s.status === 201).length} contacts created, ${samples.filter((s) => s.status === 503).length} answered 503, ${committedButRefused} refused writes found committed (all or nothing)`,
  );

  // Heap and index consistency after two crash recoveries: amcheck over every table and btree index.
  const check = await superuser(async (db) => {
    await db.query('create extension if not exists amcheck');
    const heap = await db.query(`
      select c.relname, v.blkno, v.msg
        from pg_class c join pg_namespace n on n.oid = c.relnamespace, lateral verify_heapam(c.oid) v
       where n.nspname = 'public' and c.relkind in ('r', 'm')`);
    const indexes = await db.query(`
      select c.relname, bt_index_check(c.oid, true)
        from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam join pg_namespace n on n.oid = c.relnamespace
       where am.amname = 'btree' and n.nspname = 'public' and c.relpersistence <> 't'`);
    const tables = await db.query(
      `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`,
    );
    // Every foreign key holds (they are enforced, but a torn page could hide a dangling one).
    const orphans = await db.query(`
      select (select count(*) from pupil_contacts pc where not exists (select 1 from contacts c where c.id = pc.contact_id))
           + (select count(*) from pupil_contacts pc where not exists (select 1 from pupils p where p.id = pc.pupil_id))
           + (select count(*) from audit_events a where a.entity_type = 'pupil' and a.action = 'pupil.created' and not exists (select 1 from pupils p where p.id::text = a.entity_id::text))::int as n`);
    return { heap: heap.rows, indexes: indexes.rowCount ?? 0, tables: tables.rows[0].n as number, orphans: Number(orphans.rows[0].n) };
  });
  expect(check.heap).toEqual([]);
  expect(check.tables).toBeGreaterThan(20);
  expect(check.indexes).toBeGreaterThan(check.tables);
  expect(check.orphans).toBe(0);

  // No personal data in the API's logs: not the names or emails the load wrote, though it logged each request.
  const log = apiLog.join('');
  expect(log).toContain('Database unavailable');
  expect(log).not.toContain(nameTag);
  expect(log).not.toContain('fault.test.invalid');
});

import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { TenantTransactions, createDataSource } from '#libs/database';
import { allEntities } from '#libs/entities';
import { TEST_PASSWORD, createTestSchool, type TestSchool } from '#libs/testing';
import { settleOutboxBacklog } from './helpers/outbox-backlog.js';
import { PDF } from './helpers/documents.js';
import { daysAgo, dobFor, validUpn } from './helpers/register.js';
import { runConcurrently, startApiProcess, startPgbouncer, startWorkerProcess, type NodeProcess, type Pgbouncer } from './helpers/replicas.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { asSchool, until } from './helpers/wait.js';

/**
 * Replicas through a pooler (issue 25; docs/scaling.md, "Replicas and pooling"): two API processes and two worker
 * processes, all reaching PostgreSQL through one PgBouncer in transaction pooling mode with 4 server connections,
 * and one Redis. Every transaction may land on a server connection another process's transaction used a moment
 * before, so any tenant setting or lock that outlived its transaction would show here as another school's rows.
 */
jest.setTimeout(240_000);

const POOL_SIZE = 4;
const READS = 10_000;

let bouncer: Pgbouncer;
let smtp: TestSmtp;
let owner: pg.Client;
let direct: DataSource;
let apis: NodeProcess[] = [];
let workers: NodeProcess[] = [];

const logs = () => [...apis, ...workers].map((p) => `--- ${p.name}\n${p.log.join('').slice(-2000)}`).join('\n');

async function call(api: NodeProcess, method: string, path: string, token: string, body?: unknown, type = 'application/json') {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as Record<string, unknown> };
}

async function login(api: NodeProcess, email: string): Promise<string> {
  const res = await fetch(`${api.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed with ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** `count` pupils on SEN Support in the school, written directly (not through the pooler): what the load reads back. */
async function seedPupils(s: TestSchool, count: number): Promise<Set<string>> {
  const ids = new Set<string>();
  await new TenantTransactions(direct).run({ schoolIds: [s.school.id], pupilAccess: 'all' }, async (m) => {
    for (let n = 0; n < count; n += 1) {
      const [pupil] = await m.query<{ id: string }[]>(
        `insert into pupils (school_id, upn, legal_first_name, legal_last_name, date_of_birth, year_group, class_name)
         values ($1, $2, 'Pooled', $3, $4::date, 4, '4R') returning id`,
        [s.school.id, validUpn(), `Pupil${n}`, dobFor('4')],
      );
      await m.query(
        `insert into sen_status_entries (school_id, pupil_id, status, start_date, register_since, primary_need, reason) values ($1, $2, 'K', $3::date, $3::date, 'SLCN', 'Test')`,
        [s.school.id, pupil!.id, daysAgo(30)],
      );
      ids.add(pupil!.id);
    }
  });
  return ids;
}

interface PoolFigures {
  servers: number;
  clients: number;
}

/** The app role's pool as PgBouncer reports it: server connections in use or idle, and client connections. */
async function poolFigures(): Promise<PoolFigures> {
  const admin = new pg.Client({ connectionString: bouncer.adminUrl });
  await admin.connect();
  try {
    const pools = (await admin.query<Record<string, string | number>>('SHOW POOLS')).rows.filter((r) => r.user === 'sen_app');
    const sum = (...keys: string[]) => pools.reduce((n, r) => n + keys.reduce((k, key) => k + Number(r[key] ?? 0), 0), 0);
    return { servers: sum('sv_active', 'sv_idle', 'sv_used', 'sv_tested', 'sv_login'), clients: sum('cl_active', 'cl_waiting') };
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  await settleOutboxBacklog();
  owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
  await owner.connect();
  direct = await createDataSource({ url: process.env.DATABASE_URL!, entities: allEntities, applicationName: 'replicas-test', poolSize: 2 }).initialize();
  bouncer = await startPgbouncer(POOL_SIZE);
  smtp = await startSmtp();
  // Debian's PgBouncer is 1.18: transaction pooling cannot carry a named prepared statement between server
  // connections (libs/database/prepared-statements.ts), so these processes run without them.
  const pooled = { DATABASE_URL: bouncer.url, DATABASE_PREPARED_STATEMENTS: 'off' };
  apis = await Promise.all([startApiProcess('api-1', pooled), startApiProcess('api-2', pooled)]);
  const prefix = `p${randomUUID().slice(0, 8)}`;
  const workerEnv = {
    ...pooled,
    SMTP_URL: smtp.url,
    QUEUE_PREFIX: prefix,
    PUBLIC_URL: apis[0]!.url,
    OUTBOX_RELAY_INTERVAL_MS: '100',
    NOTIFY_SWEEP_INTERVAL_MS: '1000',
    NOTIFY_STALE_AFTER_MS: '5000',
    NOTIFY_BACKOFF_MS: '200',
  };
  workers = [startWorkerProcess('worker-1', workerEnv), startWorkerProcess('worker-2', workerEnv)];
});

afterAll(async () => {
  await Promise.all([...apis, ...workers].map((p) => p.kill('SIGTERM')));
  await bouncer?.stop();
  await smtp?.close();
  await direct?.destroy();
  await owner?.end();
});

it(`${READS} interleaved reads by several schools' staff over both APIs, through ${POOL_SIZE} server connections, never show another school's rows`, async () => {
  // One after another: a school's fixture holds one connection while it opens a second for each user.
  const schools: { s: TestSchool; pupils: Set<string> }[] = [];
  for (const count of [3, 4, 5, 6]) {
    const s = await createTestSchool(direct);
    schools.push({ s, pupils: await seedPupils(s, count) });
  }
  // Each school's SENCO and head, signed in through alternate APIs: eight users, four schools.
  const users: { schoolId: string; pupils: Set<string>; token: string }[] = [];
  for (const [i, { s, pupils }] of schools.entries()) {
    for (const [j, role] of (['senco', 'head'] as const).entries())
      users.push({ schoolId: s.school.id, pupils, token: await login(apis[(i + j) % 2]!, s.users[role].email) });
  }
  const wrong: string[] = [];
  const perApi = [0, 0];
  let peak: PoolFigures = { servers: 0, clients: 0 };
  let loading = true;
  const sampler = (async () => {
    while (loading) {
      const now = await poolFigures();
      peak = { servers: Math.max(peak.servers, now.servers), clients: Math.max(peak.clients, now.clients) };
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const started = Date.now();
  // Two cheap reads of tenant rows: the register page (which pupils) and its summary (how many).
  await runConcurrently(READS, 48, async (i) => {
    const user = users[i % users.length]!;
    const apiIndex = Math.floor(i / users.length) % 2;
    const summary = i % 3 === 2;
    const path = `/v1/schools/${user.schoolId}/register${summary ? '/summary' : '?limit=50'}`;
    const res = await call(apis[apiIndex]!, 'GET', path, user.token);
    perApi[apiIndex]! += 1;
    if (res.status !== 200) return void wrong.push(`${path} answered ${res.status}`);
    if (summary) {
      if (res.body.total !== user.pupils.size) wrong.push(`summary of a school with ${user.pupils.size} pupils said ${String(res.body.total)}`);
      return;
    }
    const seen = (res.body.items as { pupilId: string }[]).map((r) => r.pupilId);
    if (seen.length !== user.pupils.size || seen.some((id) => !user.pupils.has(id)))
      wrong.push(`register of a school with ${user.pupils.size} pupils showed ${seen.length}, some not its own`);
  });
  const seconds = (Date.now() - started) / 1000;
  loading = false;
  await sampler;
  process.stdout.write(
    `replicas: ${READS} reads over 2 APIs in ${seconds.toFixed(1)} s (${Math.round(READS / seconds)}/s); peak ${peak.clients} clients on ${peak.servers} server connections\n`,
  );
  expect(wrong.slice(0, 5)).toEqual([]);
  expect(perApi).toEqual([READS / 2, READS / 2]);
  // The pool really was shared: never more server connections than its size, many more clients than that.
  expect(peak.servers).toBeLessThanOrEqual(POOL_SIZE);
  expect(peak.clients).toBeGreaterThan(POOL_SIZE);
});

it('a session revoked through one API process is refused by the other at once: no process keeps a principal', async () => {
  const s = await createTestSchool(direct);
  const token = await login(apis[0]!, s.users.senco.email);
  const register = (api: NodeProcess) => fetch(`${api.url}/v1/schools/${s.school.id}/register`, { headers: { authorization: `Bearer ${token}` } });
  // Both processes have served the token, so either could have kept what it learnt of it.
  expect((await register(apis[0]!)).status).toBe(200);
  expect((await register(apis[1]!)).status).toBe(200);
  const revoked = await fetch(`${apis[0]!.url}/v1/auth/logout-everywhere`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  expect(revoked.status).toBe(204);
  // The very next request, on the other process, with the access token still inside its lifetime.
  expect((await register(apis[1]!)).status).toBe(401);
  expect((await register(apis[0]!)).status).toBe(401);
});

it('with both workers relaying and sending through the pooler, every notice is delivered exactly once', async () => {
  const s = await createTestSchool(direct);
  const domain = `${randomUUID().slice(0, 8)}.test.invalid`;
  const token = await login(apis[0]!, s.users.senco.email);
  const families = 100;
  const header =
    'UPN,Legal Forename,Legal Surname,Date of Birth,Year Group,SEN Status,Primary Need,SEN Start Date,Contact 1 Forename,Contact 1 Surname,Contact 1 Relationship,Contact 1 Email,Contact 2 Forename,Contact 2 Surname,Contact 2 Relationship,Contact 2 Email';
  const upns = new Set<string>();
  while (upns.size < families) upns.add(validUpn());
  const csv = [
    header,
    ...[...upns].map(
      (upn, i) => `${upn},Kim,Fam${i},${dobFor('5')},5,K,SLCN,${daysAgo(2)},Pat,Fam${i},Mother,mum${i}@${domain},Sam,Fam${i},Father,dad${i}@${domain}`,
    ),
  ].join('\n');
  const base = `/v1/schools/${s.school.id}/imports`;
  // The dry run on one API, the commit on the other.
  const dry = await call(apis[0]!, 'POST', `${base}?goLive=${daysAgo(7)}`, token, csv, 'text/csv');
  expect(dry.body.summary).toMatchObject({ create: families, reject: 0 });
  expect((await call(apis[1]!, 'POST', `${base}/${String(dry.body.importId)}/commit?goLive=${daysAgo(7)}`, token, csv, 'text/csv')).status).toBe(200);

  const expected = families * 2;
  const sent = () =>
    asSchool<{ n: number }>(owner, s.school.id, `select count(*)::int as n from deliveries where school_id = $1 and channel = 'email' and status = 'sent'`, [
      s.school.id,
    ]).then((r) => r[0]!.n);
  await until('every notice sent', sent, (n) => n >= expected, 120_000).catch((e: Error) => {
    throw new Error(`${e.message}\n${logs()}`);
  });
  const mail = () => smtp.received.filter((m) => m.to.some((t) => t.endsWith(`@${domain}`)));
  await until(
    'the SMTP server to have them all',
    async () => mail().length,
    (n) => n >= expected,
  );
  const rows = await asSchool<{ message_id: string; possible_duplicate: boolean }>(
    owner,
    s.school.id,
    `select message_id, possible_duplicate from deliveries where school_id = $1 and channel = 'email'`,
    [s.school.id],
  );
  expect(rows).toHaveLength(expected);
  const counts = new Map<string, number>();
  for (const m of mail()) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
  // Each delivery's Message-ID arrived once: none lost, none sent by both workers. Nobody was killed, so nothing
  // may be flagged as a possible duplicate either.
  expect(rows.filter((r) => counts.get(r.message_id) !== 1)).toEqual([]);
  expect(counts.size).toBe(expected);
  expect(rows.filter((r) => r.possible_duplicate)).toEqual([]);
  expect(workers.map((w) => w.alive())).toEqual([true, true]);
});

it('uploads and their scans, which used to take a second connection beside their transaction, no longer stall the small pool', async () => {
  const s = await createTestSchool(direct);
  const [pupil] = [...(await seedPupils(s, 1))];
  const tokens = [await login(apis[0]!, s.users.senco.email), await login(apis[1]!, s.users.senco.email)];
  // An upload streams the file into the blob store in a transaction of its own while the request's transaction
  // waits (libs/attachments/documents.service.ts): twice the server connections, and three times the pool at once.
  const uploads = POOL_SIZE * 3;
  const statuses = await Promise.all(
    Array.from({ length: uploads }, async (_, i) => {
      const form = new FormData();
      form.append('file', new Blob([PDF], { type: 'application/pdf' }), `report-${i}.pdf`);
      const res = await fetch(`${apis[i % 2]!.url}/v1/schools/${s.school.id}/pupils/${pupil!}/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[i % 2]!}` },
        body: form,
        signal: AbortSignal.timeout(60_000),
      });
      return res.status;
    }),
  );
  expect(statuses).toEqual(Array.from({ length: uploads }, () => 201));
  // Both workers scan them, each scan job reading the file while it holds the event's row lock.
  const scanned = () =>
    asSchool<{ status: string }>(owner, s.school.id, `select status from documents where school_id = $1`, [s.school.id]).then((r) => r.map((d) => d.status));
  const statusesAfter = await until('every upload scanned', scanned, (r) => r.length === uploads && r.every((x) => x !== 'pending'), 60_000).catch(
    (e: Error) => {
      throw new Error(`${e.message}\n${logs()}`);
    },
  );
  expect(statusesAfter).toEqual(Array.from({ length: uploads }, () => 'clean'));
});

it('an API process killed (SIGKILL) in the middle of a write load loses no write it acknowledged', async () => {
  const s = await createTestSchool(direct);
  const tokens = [await login(apis[0]!, s.users.senco.email), await login(apis[1]!, s.users.head.email)];
  const acked = new Map<string, number>();
  let failedAfterKill = 0;
  let killing: Promise<void> | undefined;
  const writes = 400;
  const upns = new Set<string>();
  while (upns.size < writes) upns.add(validUpn());
  const upnList = [...upns];
  await runConcurrently(writes, 16, async (i) => {
    const apiIndex = i % 2;
    const body = {
      upn: upnList[i],
      legalFirstName: 'Acked',
      legalLastName: `Write${i}`,
      dateOfBirth: dobFor('4'),
      yearGroup: '4',
      className: '4K',
      fsmEligible: false,
      eal: false,
      lookedAfter: false,
    };
    try {
      const res = await call(apis[apiIndex]!, 'POST', `/v1/schools/${s.school.id}/pupils`, tokens[apiIndex]!, body);
      if (res.status === 201) acked.set(String(res.body.id), apiIndex);
      else if (!killing || apiIndex === 0) throw new Error(`a write answered ${res.status}: ${JSON.stringify(res.body)}`);
    } catch (error) {
      // Only the killed process's requests may fail: the connection was reset, so nothing was acknowledged.
      if (!killing || apiIndex === 0) throw error;
      failedAfterKill += 1;
    }
    // Mid-load: once a quarter of the writes were acknowledged, the second API dies with requests in flight.
    if (acked.size >= writes / 4 && !killing) killing = apis[1]!.kill('SIGKILL');
  });
  await killing;
  expect(apis[1]!.alive()).toBe(false);
  expect(failedAfterKill).toBeGreaterThan(0);
  expect([...acked.values()].filter((a) => a === 0).length).toBe(writes / 2);
  // Every acknowledged write is in the database (read directly, not through the pooler).
  const stored = await asSchool<{ id: string }>(owner, s.school.id, `select id from pupils where school_id = $1`, [s.school.id]);
  const ids = new Set(stored.map((r) => r.id));
  expect([...acked.keys()].filter((id) => !ids.has(id))).toEqual([]);
  // The surviving API still answers through the pool (the killed one's pooled transactions were rolled back, not stuck).
  expect((await call(apis[0]!, 'GET', `/v1/schools/${s.school.id}/register/summary`, tokens[0]!)).status).toBe(200);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import path from 'node:path';
import { jest } from '@jest/globals';
import pg from 'pg';
import { TEST_PASSWORD, createTestSchool, type TestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from './helpers/api.js';
import { addPupil, bearer, daysAgo, dobFor, setStatus, validUpn } from './helpers/register.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { asSchool } from './helpers/wait.js';
import { freePort } from './helpers/ports.js';
import { startRedisSentinel } from '../scripts/redis-sentinel.mjs';

/**
 * Nothing lost, nothing sent twice: the worker runs as its own process against its own Redis, so the test can
 * kill the one mid-batch and stop the other, and then count, at the SMTP server, every message by its
 * Message-ID. Email's one honest limit is allowed for and checked: a message may arrive twice only if its
 * delivery is flagged as possibly duplicated (the worker died after the server took it).
 */
jest.setTimeout(180_000);

let api: TestApi;
let smtp: TestSmtp;
let owner: pg.Client;
let redis: ChildProcess | undefined;
let redisPort: number;
let worker: ChildProcess | undefined;
const workerLog: string[] = [];
const prefix = `r${randomUUID().slice(0, 8)}`;

function redisServerPath(): string {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin']) {
    const candidate = path.join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error('redis-server not found (npm test installs it; see the README)');
}

async function startRedis(): Promise<void> {
  // No persistence: a restart comes back empty, the harder case (every queued job is gone).
  redis = spawn(
    redisServerPath(),
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createServer();
      socket.once('error', () => resolve(true));
      socket.listen(redisPort, '127.0.0.1', () => socket.close(() => resolve(false)));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopRedis(): Promise<void> {
  const r = redis;
  redis = undefined;
  if (!r || r.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    r.once('exit', () => resolve());
    r.kill('SIGKILL');
  });
}

function startWorker(redisUrl = `redis://127.0.0.1:${redisPort}`, smtpUrl = smtp.url): ChildProcess {
  const child = spawn(process.execPath, ['dist/apps/worker/main.js'], {
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      SMTP_URL: smtpUrl,
      QUEUE_PREFIX: prefix,
      OUTBOX_RELAY_INTERVAL_MS: '100',
      NOTIFY_SWEEP_INTERVAL_MS: '1000',
      NOTIFY_STALE_AFTER_MS: '3000',
      NOTIFY_LEASE_MS: '3000',
      NOTIFY_ATTEMPTS: '5',
      NOTIFY_BACKOFF_MS: '200',
      WORKER_STOP_DEADLINE_MS: String(STOP_DEADLINE_MS),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => workerLog.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => workerLog.push(d.toString()));
  return child;
}

/** The worker's deadline to stop after SIGTERM (WORKER_STOP_DEADLINE_MS), short here. */
const STOP_DEADLINE_MS = 3000;

/**
 * Sends the signal and waits for the worker to exit. One that outlives its own deadline to stop by far is a
 * failure of this test, named, not a hang of the whole run: it is killed and the test fails with its log.
 */
async function killWorker(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const w = worker;
  worker = undefined;
  if (!w || w.exitCode !== null || w.signalCode !== null) return { code: w?.exitCode ?? null, signal: w?.signalCode ?? null, ms: 0 };
  const started = Date.now();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => w.once('exit', (code, by) => resolve({ code, signal: by })));
  w.kill(signal);
  const limit = STOP_DEADLINE_MS + 15_000;
  const outcome = await Promise.race([exited, new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), limit).unref())]);
  if (outcome === 'late') {
    w.kill('SIGKILL');
    await exited;
    throw new Error(`the worker was still running ${limit} ms after ${signal}\nworker log:\n${workerLog.join('').slice(-3000)}`);
  }
  return { ...outcome, ms: Date.now() - started };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nworker log:\n${workerLog.join('').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Row {
  id: string;
  status: string;
  message_id: string | null;
  possible_duplicate: boolean;
}

/** Every delivery of the school sent, and at the SMTP server each one's Message-ID, with repeats only where flagged. */
async function assertExactlyOnce(s: TestSchool, domain: string, expected: number): Promise<void> {
  await until(`${expected} deliveries sent`, async () => {
    const rows = await asSchool<{ n: number }>(owner, s.school.id, `select count(*)::int as n from deliveries where school_id = $1 and status = 'sent'`, [
      s.school.id,
    ]);
    return rows[0]!.n === expected;
  });
  const rows = await asSchool<Row>(
    owner,
    s.school.id,
    `select id, status, message_id, possible_duplicate from deliveries where school_id = $1 and channel = 'email'`,
    [s.school.id],
  );
  expect(rows).toHaveLength(expected);
  await until('the SMTP server to have them all', async () => new Set(mailFor(domain).map((m) => m.messageId)).size >= expected, 30_000);
  const received = mailFor(domain);
  const counts = new Map<string, number>();
  for (const m of received) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
  // Zero lost: every delivery's Message-ID arrived.
  expect(rows.filter((r) => !counts.has(r.message_id!))).toEqual([]);
  expect(counts.size).toBe(expected);
  // Zero unexplained duplicates: a repeat only for a delivery flagged as cut off mid-send.
  const flagged = new Set(rows.filter((r) => r.possible_duplicate).map((r) => r.message_id));
  const repeated = [...counts.entries()].filter(([, n]) => n > 1).map(([id]) => id);
  expect(repeated.filter((id) => !flagged.has(id))).toEqual([]);
}

const mailFor = (domain: string) => smtp.received.filter((m) => m.to.some((t) => t.endsWith(`@${domain}`)));

/** A checked import of `count` pupils on SEN Support, two parents each by email at `domain`: committed, 2 × count notices. */
async function dryRunNotices(s: TestSchool, token: string, domain: string, count: number): Promise<{ importId: string; csv: string }> {
  const header = [
    'UPN',
    'Legal Forename',
    'Legal Surname',
    'Date of Birth',
    'Year Group',
    'Class',
    'SEN Status',
    'Primary Need',
    'SEN Start Date',
    'Contact 1 Forename',
    'Contact 1 Surname',
    'Contact 1 Relationship',
    'Contact 1 Parental Responsibility',
    'Contact 1 Email',
    'Contact 1 Preferred Channel',
    'Contact 2 Forename',
    'Contact 2 Surname',
    'Contact 2 Relationship',
    'Contact 2 Parental Responsibility',
    'Contact 2 Email',
    'Contact 2 Preferred Channel',
  ].join(',');
  const upns = new Set<string>();
  while (upns.size < count) upns.add(validUpn());
  const lines = [
    header,
    ...[...upns].map(
      (upn, i) =>
        `${upn},Pupil,Batch${i},${dobFor('5')},5,5A,K,SLCN,${daysAgo(2)},Mum,Batch${i},Mother,Yes,mum${i}@${domain},Email,Dad,Batch${i},Father,Yes,dad${i}@${domain},Email`,
    ),
  ];
  const csv = lines.join('\n');
  const dry = await api.http().post(`/v1/schools/${s.school.id}/imports?mapping=standard`).set(bearer(token)).set('content-type', 'text/csv').send(csv);
  expect(dry.body.summary).toMatchObject({ create: count, reject: 0 });
  return { importId: dry.body.importId as string, csv };
}

/** Commits the checked import. Support began after the school's go-live date, so every notice is the product's to send. */
async function commitNotices(s: TestSchool, token: string, dry: { importId: string; csv: string }): Promise<void> {
  const commit = await api
    .http()
    .post(`/v1/schools/${s.school.id}/imports/${dry.importId}/commit?goLive=${daysAgo(7)}`)
    .set(bearer(token))
    .set('content-type', 'text/csv')
    .send(dry.csv);
  expect(commit.status).toBe(200);
}

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
  await owner.connect();
  // Events earlier suites left unrelayed are not this test's to send.
  await owner.query('begin');
  await owner.query(`select set_config('app.outbox_relay', 'on', true)`);
  await owner.query(`update outbox_events set relayed_at = now(), processed_at = now(), completed_at = now() where relayed_at is null or completed_at is null`);
  await owner.query('commit');
  smtp = await startSmtp();
  redisPort = await freePort();
  await startRedis();
  // The API uses the same Redis as the worker, so stopping it is an outage for both.
  api = await startTestApi({ env: { REDIS_URL: `redis://127.0.0.1:${redisPort}` } });
});
afterAll(async () => {
  await killWorker('SIGTERM');
  await stopRedis();
  await api?.close();
  await smtp?.close();
  await owner?.end();
});

it('a worker killed in the middle of 500 formal notices, and restarted, sends every one exactly once', async () => {
  const s = await createTestSchool(api.dataSource);
  const domain = `${randomUUID().slice(0, 8)}.test.invalid`;
  const token = (await api.login(s.users.senco.email)).accessToken;
  const dry = await dryRunNotices(s, token, domain, 250);
  worker = startWorker();
  await commitNotices(s, token, dry);
  // Mid-batch: some sent, most not.
  await until('the first hundred notices', async () => mailFor(domain).length >= 100);
  await killWorker('SIGKILL');
  const sentBefore = mailFor(domain).length;
  expect(sentBefore).toBeLessThan(500);
  worker = startWorker();
  await assertExactlyOnce(s, domain, 500);
  // The register says every family has been told.
  const pending = await asSchool<{ n: number }>(
    owner,
    s.school.id,
    `select count(*)::int as n from sen_status_entries where school_id = $1 and status = 'K' and parents_notified_at is null`,
    [s.school.id],
  );
  expect(pending[0]!.n).toBe(0);
});

it('events written while Redis is down are delivered once it is back, each exactly once', async () => {
  const s = await createTestSchool(api.dataSource);
  const domain = `${randomUUID().slice(0, 8)}.test.invalid`;
  const token = (await api.login(s.users.senco.email)).accessToken;
  if (!worker) worker = startWorker();
  await stopRedis();
  // The API keeps serving: people sign in (the rate limit counts in the process meanwhile) and read, and
  // readiness names Redis as down.
  const signIn = await api.http().post('/v1/auth/login').send({ email: s.users.head.email, password: TEST_PASSWORD });
  expect(signIn.status).toBe(200);
  expect((await api.http().get(`/v1/schools/${s.school.id}/register`).set(bearer(signIn.body.accessToken))).status).toBe(200);
  const ready = await api.http().get('/health/ready');
  expect(ready.status).toBe(503);
  expect(ready.body.checks.redis.status).toBe('down');
  for (let i = 0; i < 20; i += 1) {
    const pupil = await addPupil(api, token, s.school.id, { className: '3C', yearGroup: '3' });
    await api
      .http()
      .post(`/v1/schools/${s.school.id}/pupils/${pupil.id}/contacts`)
      .set(bearer(token))
      .send({
        firstName: 'Parent',
        lastName: `No${i}`,
        email: `parent${i}@${domain}`,
        preferredChannel: 'email',
        relationship: 'mother',
        parentalResponsibility: true,
      })
      .expect(201);
    expect((await setStatus(api, token, s.school.id, pupil.id, { status: 'K', startDate: daysAgo(1), primaryNeed: 'SEMH' })).status).toBe(201);
  }
  await new Promise((r) => setTimeout(r, 1500));
  // With Redis away nothing can be relayed: the events wait in the outbox, committed.
  await owner.query('begin');
  await owner.query(`select set_config('app.outbox_relay', 'on', true)`);
  const waiting = (await owner.query(`select count(*)::int as n from outbox_events where school_id = $1 and relayed_at is null`, [s.school.id])).rows[0].n;
  await owner.query('commit');
  expect(waiting).toBe(20);
  expect(mailFor(domain)).toEqual([]);
  await startRedis();
  await assertExactlyOnce(s, domain, 20);
});

it('a worker whose jobs cannot finish is stopped by its deadline, and what it held is then sent exactly once', async () => {
  await killWorker('SIGTERM');
  // An SMTP server that takes the connection and never answers: each email job waits on it, so the worker's
  // queues cannot close when it is told to stop.
  const held: Socket[] = [];
  const stalled = createServer((socket) => void held.push(socket));
  const stalledPort = await freePort();
  await new Promise<void>((resolve) => stalled.listen(stalledPort, '127.0.0.1', resolve));
  try {
    const s = await createTestSchool(api.dataSource);
    const domain = `${randomUUID().slice(0, 8)}.test.invalid`;
    const token = (await api.login(s.users.senco.email)).accessToken;
    const dry = await dryRunNotices(s, token, domain, 5); // two parents each: ten notices
    const logged = workerLog.length;
    worker = startWorker(undefined, `smtp://127.0.0.1:${stalledPort}`);
    await commitNotices(s, token, dry);
    await until('the worker to be sending to the stalled server', async () => held.length > 0, 60_000);
    const stopped = await killWorker('SIGTERM');
    expect(stopped).toMatchObject({ code: 1, signal: null });
    expect(stopped.ms).toBeGreaterThanOrEqual(STOP_DEADLINE_MS - 100);
    expect(stopped.ms).toBeLessThan(STOP_DEADLINE_MS + 5000);
    expect(workerLog.slice(logged).join('')).toContain('Worker did not stop in time; exiting');
    expect(mailFor(domain)).toEqual([]);
    // A worker on the real server takes over what the stopped one held, once its lease has run out.
    worker = startWorker();
    await assertExactlyOnce(s, domain, 10);
  } finally {
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => stalled.close(() => resolve()));
  }
});

it('the Redis primary dies mid-batch: Sentinel promotes the replica, the worker and API follow, and every notice is sent exactly once', async () => {
  const sentinel = await startRedisSentinel({ dataDir: process.env.TEST_DATA_DIR || '.data/test', log: () => undefined });
  // An API of its own on the Sentinel-watched Redis (its sign-in limiter counts there).
  const sentinelApi = await startTestApi({ env: { REDIS_URL: sentinel.url } });
  try {
    await killWorker('SIGTERM');
    const s = await createTestSchool(api.dataSource);
    const domain = `${randomUUID().slice(0, 8)}.test.invalid`;
    const token = (await api.login(s.users.senco.email)).accessToken;
    const dry = await dryRunNotices(s, token, domain, 100);
    worker = startWorker(sentinel.url);
    await commitNotices(s, token, dry);
    await until('the first forty notices', async () => mailFor(domain).length >= 40);
    expect(await sentinel.primary()).toBe(sentinel.primaryPort);
    await sentinel.killPrimary();
    expect(mailFor(domain).length).toBeLessThan(200);
    await until('the Sentinels to promote the replica', async () => (await sentinel.primary()) === sentinel.replicaPort, 30_000);
    await assertExactlyOnce(s, domain, 200);
    // The same worker process carried on through the failover (it did not need restarting).
    expect(worker?.exitCode).toBeNull();
    // The API's Redis followed too: sign-in (counted by the limiter in Redis) works and readiness says Redis is up.
    const signIn = await sentinelApi.http().post('/v1/auth/login').send({ email: s.users.head.email, password: TEST_PASSWORD });
    expect(signIn.status).toBe(200);
    await until('the API to report Redis up', async () => (await sentinelApi.http().get('/health/ready')).body.checks?.redis?.status === 'up', 30_000);
  } finally {
    await killWorker('SIGTERM');
    await sentinelApi.close();
    await sentinel.stop();
  }
});

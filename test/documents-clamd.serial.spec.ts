import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type pg from 'pg';
import { createLogger, loadConfig } from '#libs/core';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { WorkerModule } from '../apps/worker/worker.module.js';
import { binaryBody, expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { EICAR, PDF, settleEarlierEvents, superuserClient, uploadDocument } from './helpers/documents.js';
import { addPupil, bearer } from './helpers/register.js';
import { until } from './helpers/wait.js';

/**
 * A clamd outage (docs/security.md, Documents): the harness's real clamd is stopped, files uploaded meanwhile
 * stay pending and are never served while the worker's scan job fails and is retried; once clamd is started
 * again the retries scan them — the clean file becomes downloadable, the EICAR file ends infected. clamd is
 * running again when the suite ends, whatever happened (afterAll), for the serial suites after this one.
 */
jest.setTimeout(120_000);

type StartClamd = (o: { dataDir: string; log?: (m: string) => void; unref?: boolean }) => Promise<{ url: string; stop: () => Promise<void> }>;

let api: TestApi;
let worker: INestApplicationContext;
let superuser: pg.Client;
let s: TestSchool;
let token: string;
let pupilId: string;
let clamdDown = false;
const workerLogs: string[] = [];

// The harness's clamd: its socket from CLAMD_URL, its pid file beside it (scripts/clamd.mjs).
const socket = new URL(process.env.CLAMD_URL ?? 'unix:///missing').pathname;
const clamdDir = path.dirname(socket);

async function stopClamd(): Promise<void> {
  const pid = Number(readFileSync(path.join(clamdDir, 'clamd.pid'), 'utf8').trim());
  clamdDown = true;
  process.kill(pid, 'SIGTERM');
  await until(
    'clamd to exit',
    async () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    },
    (gone) => gone,
  );
}

/** The same daemon, config and socket as the harness's (so CLAMD_URL holds); it lives until the test process exits. */
async function startClamdAgain(): Promise<void> {
  const { startClamd } = (await import(pathToFileURL(path.resolve('scripts/clamd.mjs')).href)) as { startClamd: StartClamd };
  const started = await startClamd({ dataDir: path.dirname(clamdDir), log: () => undefined, unref: true });
  expect(started.url).toBe(`unix://${socket}`);
  clamdDown = false;
}

const base = () => `/v1/schools/${s.school.id}`;
const statuses = async () =>
  Object.fromEntries(
    ((await api.http().get(`${base()}/pupils/${pupilId}/documents`).set(bearer(token))).body as { filename: string; status: string }[]).map((d) => [
      d.filename,
      d.status,
    ]),
  );
const failedScans = () => workerLogs.filter((l) => l.includes('job failed')).length;

beforeAll(async () => {
  if (!process.env.CLAMD_URL?.startsWith('unix://')) throw new Error('this suite stops the harness’s clamd: run it through npm test');
  superuser = await superuserClient();
  await settleEarlierEvents(superuser);
  api = await startTestApi();
  s = await createTestSchool(api.dataSource);
  token = (await api.login(s.users.senco.email)).accessToken;
  pupilId = (await addPupil(api, token, s.school.id)).id;
  const config = loadConfig('worker', {
    ...process.env,
    QUEUE_PREFIX: `cl${randomUUID().slice(0, 8)}`,
    OUTBOX_RELAY_INTERVAL_MS: '100',
    // Quick retries, many of them, and a sweep that re-queues what ran out: the outage outlasts several attempts.
    NOTIFY_ATTEMPTS: '20',
    NOTIFY_BACKOFF_MS: '100',
    NOTIFY_SWEEP_INTERVAL_MS: '1000',
    NOTIFY_STALE_AFTER_MS: '3000',
    CLAMD_TIMEOUT_MS: '5000',
  });
  const sink = new Writable({
    write(chunk, _e, cb) {
      workerLogs.push(String(chunk));
      cb();
    },
  });
  worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createLogger('info', sink)), { logger: false });
  await worker.init();
});
afterAll(async () => {
  try {
    if (clamdDown) await startClamdAgain();
  } finally {
    await worker?.close();
    await api?.close();
    await superuser?.end();
  }
});

it('while clamd is down uploads stay pending and unserved and the scan is retried; once it is back they are scanned', async () => {
  await stopClamd();
  const clean = Buffer.concat([PDF, Buffer.from(`% ${randomUUID()}\n`)]);
  const cleanRes = await uploadDocument(api, token, s.school.id, pupilId, clean, 'during-outage.pdf').expect(201);
  await uploadDocument(api, token, s.school.id, pupilId, Buffer.concat([PDF, Buffer.from(EICAR)]), 'eicar-during-outage.pdf').expect(201);

  // The worker tries, fails (clamd unavailable is never "clean") and tries again.
  await until(
    'several failed scans',
    async () => failedScans(),
    (n) => n >= 4,
  );
  expect(await statuses()).toEqual({ 'during-outage.pdf': 'pending', 'eicar-during-outage.pdf': 'pending' });
  const refused = expectProblem(await api.http().get(`${base()}/documents/${cleanRes.body.id}/content`).set(bearer(token)), 409);
  expect(String(refused.detail)).toMatch(/waiting for its virus scan/);
  const open = await superuser.query(
    `select count(*)::int as n from outbox_events where school_id = $1 and type = 'document.uploaded' and completed_at is null`,
    [s.school.id],
  );
  expect(open.rows[0].n).toBe(2);
  // Ids and codes only in the failures: never a file's name.
  expect(workerLogs.join('\n')).not.toContain('during-outage');

  await startClamdAgain();
  const after = await until('the scans after the outage', statuses, (st) => Object.values(st).every((v) => v !== 'pending'), 60_000);
  expect(after).toEqual({ 'during-outage.pdf': 'clean', 'eicar-during-outage.pdf': 'infected' });
  const served = await api.http().get(`${base()}/documents/${cleanRes.body.id}/content`).set(bearer(token)).buffer(true).parse(binaryBody).expect(200);
  expect(
    createHash('sha256')
      .update(served.body as Buffer)
      .digest('hex'),
  ).toBe(createHash('sha256').update(clean).digest('hex'));
});

import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type pg from 'pg';
import { createLogger, loadConfig } from '#libs/core';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { WorkerModule } from '../apps/worker/worker.module.js';
import { binaryBody, startTestApi, type TestApi } from './helpers/api.js';
import { PDF, settleEarlierEvents, superuserClient, uploadDocument } from './helpers/documents.js';
import { addLeaverPastRetention } from './helpers/privacy.js';
import { bearer } from './helpers/register.js';
import { startS3, type TestS3 } from './helpers/s3.js';
import { until } from './helpers/wait.js';

/**
 * Documents with FILE_STORAGE=s3, end to end through the API and a real worker against s3rver (what s3rver
 * cannot prove: docs/security.md, File storage): the content goes to the bucket, is scanned from there and
 * served back; erasure under the retention rule removes the pupil's objects from the bucket too, which
 * app.erase_pupil alone cannot reach.
 */
jest.setTimeout(120_000);

let s3: TestS3;
let api: TestApi;
let worker: INestApplicationContext;
let superuser: pg.Client;
let s: TestSchool;
const tokens: Record<string, string> = {};
const get = (path: string, token = tokens.senco!) => api.http().get(`/v1/schools/${s.school.id}${path}`).set(bearer(token));
const post = (path: string, token = tokens.senco!) => api.http().post(`/v1/schools/${s.school.id}${path}`).set(bearer(token));

beforeAll(async () => {
  s3 = await startS3('documents');
  superuser = await superuserClient();
  await settleEarlierEvents(superuser);
  api = await startTestApi({ env: s3.env });
  s = await createTestSchool(api.dataSource);
  for (const role of ['senco', 'head'] as const) tokens[role] = (await api.login(s.users[role].email)).accessToken;
  const config = loadConfig('worker', { ...process.env, ...s3.env, QUEUE_PREFIX: `ds${randomUUID().slice(0, 8)}`, OUTBOX_RELAY_INTERVAL_MS: '100' });
  worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createLogger('silent')), { logger: false });
  await worker.init();
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
  await superuser?.end();
  await s3?.close();
});

it("stores, scans and serves from the bucket, and erasure removes the pupil's objects", async () => {
  const old = await addLeaverPastRetention(api, api.dataSource, tokens.senco!, s.school.id);
  const bytes = Buffer.concat([PDF, Buffer.from(`% ${randomUUID()}\n`)]);
  const uploaded = await uploadDocument(api, tokens.senco!, s.school.id, old.id, bytes, 'old-report.pdf').expect(201);
  const id = uploaded.body.id as string;
  const [row] = (await superuser.query(`select storage_driver, blob_key from documents where id = $1`, [id])).rows as {
    storage_driver: string;
    blob_key: string;
  }[];
  expect(row!.storage_driver).toBe('s3');
  expect(await s3.keysOf(s.school.id)).toEqual([row!.blob_key]);
  // Nothing of the file in PostgreSQL.
  expect((await superuser.query(`select count(*)::int as n from file_blobs where school_id = $1`, [s.school.id])).rows[0].n).toBe(0);

  await until(
    'the scan',
    async () => (await get(`/pupils/${old.id}/documents`)).body as { status: string }[],
    (docs) => docs[0]?.status === 'clean',
  );
  const file = await get(`/documents/${id}/content`).buffer(true).parse(binaryBody).expect(200);
  expect(Buffer.compare(file.body as Buffer, bytes)).toBe(0);

  expect((await post(`/retention/scan`).expect(200)).body.listed).toBeGreaterThanOrEqual(1);
  const items = (await get(`/retention/items?status=listed`, tokens.head).expect(200)).body.items as { id: string; pupilId: string }[];
  const item = items.find((i) => i.pupilId === old.id)!;
  await post(`/retention/items/${item.id}/approve`, tokens.head).expect(204);
  await until(
    'the erasure',
    async () => ((await get(`/retention/items?status=erased`, tokens.head)).body.items as { id: string }[]).some((i) => i.id === item.id),
    (erased) => erased,
  );
  expect(await s3.keysOf(s.school.id)).toEqual([]);
  expect((await superuser.query(`select count(*)::int as n from documents where pupil_id = $1`, [old.id])).rows[0].n).toBe(0);
  const audit = (await get(`/audit-events?limit=200`, tokens.head).expect(200)).body.items as {
    action: string;
    entityId: string;
    details: Record<string, unknown>;
  }[];
  expect(audit.find((e) => e.action === 'pupil.erased' && e.entityId === old.id)?.details).toMatchObject({ documents: 1, storedObjects: 1 });
});

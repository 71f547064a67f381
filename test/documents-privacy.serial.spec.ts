import { createHash, randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type pg from 'pg';
import { createLogger, loadConfig } from '#libs/core';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { WorkerModule } from '../apps/worker/worker.module.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { EICAR, PDF, settleEarlierEvents, superuserClient, uploadDocument } from './helpers/documents.js';
import { addLeaverPastRetention } from './helpers/privacy.js';
import { addPupil, bearer, daysAgo } from './helpers/register.js';
import { until } from './helpers/wait.js';

/**
 * Documents under the privacy duties (docs/security.md, Documents), end to end through the API and a real
 * worker that scans with the harness's clamd: the subject access export carries each clean file byte for byte
 * and says what it withheld; the transfer record lists the clean, non-confidential files; erasure under the
 * retention rule leaves no row of the files, their blobs or their chunks.
 */
jest.setTimeout(120_000);

let api: TestApi;
let worker: INestApplicationContext;
let superuser: pg.Client;
let s: TestSchool;
const tokens: Record<string, string> = {};

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const get = (path: string, token = tokens.senco!) => api.http().get(`/v1/schools/${s.school.id}${path}`).set(bearer(token));
const post = (path: string, token = tokens.senco!) => api.http().post(`/v1/schools/${s.school.id}${path}`).set(bearer(token));
/** A PDF no other test uploads, so its hash names this file alone. */
const uniquePdf = () => Buffer.concat([PDF, Buffer.from(`% ${randomUUID()}\n`)]);

async function upload(pupilId: string, content: Buffer, filename: string): Promise<string> {
  const res = await uploadDocument(api, tokens.senco!, s.school.id, pupilId, content, filename);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** Waits for the worker's scan of every document on the pupil's record. */
const scanned = (pupilId: string) =>
  until(
    'the scans',
    async () => (await get(`/pupils/${pupilId}/documents`)).body as { id: string; status: string }[],
    (docs) => docs.every((d) => d.status !== 'pending'),
  );

beforeAll(async () => {
  superuser = await superuserClient();
  await settleEarlierEvents(superuser);
  api = await startTestApi();
  s = await createTestSchool(api.dataSource);
  for (const role of ['senco', 'head'] as const) tokens[role] = (await api.login(s.users[role].email)).accessToken;
  const config = loadConfig('worker', { ...process.env, QUEUE_PREFIX: `dp${randomUUID().slice(0, 8)}`, OUTBOX_RELAY_INTERVAL_MS: '100' });
  worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createLogger('silent')), { logger: false });
  await worker.init();
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
  await superuser?.end();
});

describe('documents in the privacy duties', () => {
  let pupilId: string;
  const clean = uniquePdf();
  const secret = uniquePdf();
  let cleanId: string;
  let secretId: string;
  let infectedId: string;

  beforeAll(async () => {
    pupilId = (await addPupil(api, tokens.senco!, s.school.id)).id;
    cleanId = await upload(pupilId, clean, 'speech-therapy.pdf');
    secretId = await upload(pupilId, secret, 'safeguarding-letter.pdf');
    infectedId = await upload(pupilId, Buffer.concat([PDF, Buffer.from(EICAR)]), 'infected.pdf');
    await api.http().patch(`/v1/schools/${s.school.id}/documents/${secretId}`).set(bearer(tokens.senco!)).send({ confidential: true }).expect(200);
    const docs = await scanned(pupilId);
    expect(Object.fromEntries(docs.map((d) => [d.id, d.status]))).toEqual({ [cleanId]: 'clean', [secretId]: 'clean', [infectedId]: 'infected' });
  });

  it('the subject access export carries each clean file byte for byte and lists what it withheld, and why', async () => {
    const asked = await post(`/pupils/${pupilId}/subject-access-exports`).expect(202);
    const done = await until(
      'the export',
      async () => (await get(`/subject-access-exports/${asked.body.id}`)).body as { status: string },
      (b) => b.status !== 'queued',
    );
    expect(done.status).toBe('done');
    const json = await get(`/subject-access-exports/${asked.body.id}/file?format=json`).expect(200);
    const docs = (
      JSON.parse(json.text) as { documents: { id: string; sha256: string; confidential: boolean; withheld: string | null; contentBase64?: string }[] }
    ).documents;
    const byId = new Map(docs.map((d) => [d.id, d]));
    expect([...byId.keys()].sort()).toEqual([cleanId, secretId, infectedId].sort());
    // Byte for byte: the content's hash is the original's.
    expect(sha256(Buffer.from(byId.get(cleanId)!.contentBase64!, 'base64'))).toBe(sha256(clean));
    expect(byId.get(cleanId)).toMatchObject({ sha256: sha256(clean), withheld: null, confidential: false });
    // Confidential material is included, flagged for the school's review before release (as the rest of the record is).
    expect(sha256(Buffer.from(byId.get(secretId)!.contentBase64!, 'base64'))).toBe(sha256(secret));
    expect(byId.get(secretId)!.confidential).toBe(true);
    // The infected file: listed, its content never given, and the reason said.
    expect(byId.get(infectedId)!.contentBase64).toBeUndefined();
    expect(byId.get(infectedId)!.withheld).toMatch(/infected/);

    const html = await get(`/subject-access-exports/${asked.body.id}/file?format=html`).expect(200);
    expect(html.text).toContain('Files on the record');
    expect(html.text).toContain('speech-therapy.pdf');
    expect(html.text).toContain(sha256(clean));
    expect(html.text).toMatch(/Not included: found infected/);
  });

  it('the transfer record lists the clean files that are not confidential, with their SHA-256', async () => {
    await post(`/pupils/${pupilId}/sen-status`)
      .send({ status: 'K', startDate: daysAgo(200), primaryNeed: 'SLCN', reason: 'Assessment', parentsAlreadyNotified: false })
      .expect(201);
    await api
      .http()
      .patch(`/v1/schools/${s.school.id}/pupils/${pupilId}`)
      .set(bearer(tokens.senco!))
      .send({ leavingDate: daysAgo(2) })
      .expect(200);
    const json = await get(`/pupils/${pupilId}/transfer-record`).expect(200);
    const docs = json.body.documents as { id: string; sha256: string; filename: string }[];
    expect(docs.map((d) => d.id)).toEqual([cleanId]);
    expect(docs[0]).toMatchObject({ sha256: sha256(clean), filename: 'speech-therapy.pdf' });
    expect(JSON.stringify(json.body)).not.toContain('contentBase64');
    const html = await get(`/pupils/${pupilId}/transfer-record?format=html`).expect(200);
    expect(html.text).toContain('Files sent with this record');
    expect(html.text).toContain(sha256(clean));
    expect(html.text).not.toContain('safeguarding-letter.pdf');
  });

  it('erasure under the retention rule leaves no document, blob or chunk of the pupil', async () => {
    const old = await addLeaverPastRetention(api, api.dataSource, tokens.senco!, s.school.id);
    const bytes = Buffer.concat([uniquePdf(), Buffer.alloc(600 * 1024, 7)]); // three chunks
    await upload(old.id, bytes, 'old-report.pdf');
    await upload(old.id, Buffer.concat([PDF, Buffer.from(EICAR)]), 'old-infected.pdf');
    await scanned(old.id);
    const keys = (await superuser.query(`select blob_key from documents where pupil_id = $1 and blob_key is not null`, [old.id])).rows.map(
      (r) => r.blob_key as string,
    );
    expect(keys).toHaveLength(1);
    expect((await superuser.query(`select count(*)::int as n from file_chunks where blob_id = $1`, [keys[0]])).rows[0].n).toBe(3);
    // Another pupil's file is untouched.
    const keptKey = (await superuser.query(`select blob_key from documents where id = $1`, [cleanId])).rows[0].blob_key as string;

    expect((await post(`/retention/scan`).expect(200)).body.listed).toBeGreaterThanOrEqual(1);
    const items = (await get(`/retention/items?status=listed`, tokens.head).expect(200)).body.items as { id: string; pupilId: string }[];
    const item = items.find((i) => i.pupilId === old.id)!;
    await post(`/retention/items/${item.id}/approve`, tokens.head).expect(204);
    await until(
      'the erasure',
      async () => ((await get(`/retention/items?status=erased`, tokens.head)).body.items as { id: string }[]).some((i) => i.id === item.id),
      (erased) => erased,
    );

    const count = async (sql: string, params: unknown[]) => (await superuser.query(sql, params)).rows[0].n as number;
    expect(await count(`select count(*)::int as n from documents where pupil_id = $1`, [old.id])).toBe(0);
    expect(await count(`select count(*)::int as n from file_blobs where id = $1`, [keys[0]])).toBe(0);
    expect(await count(`select count(*)::int as n from file_chunks where blob_id = $1`, [keys[0]])).toBe(0);
    // No orphan content in the school: every blob left belongs to a document.
    expect(
      await count(
        `select count(*)::int as n from file_blobs b where b.school_id = $1 and not exists (select 1 from documents d where d.blob_key = b.id::text)`,
        [s.school.id],
      ),
    ).toBe(0);
    expect(await count(`select count(*)::int as n from file_blobs where id = $1`, [keptKey])).toBe(1);
    const audit = (await get(`/audit-events?limit=200`, tokens.head).expect(200)).body.items as {
      action: string;
      entityId: string;
      details: { documents?: number };
    }[];
    expect(audit.find((e) => e.action === 'pupil.erased' && e.entityId === old.id)?.details.documents).toBe(2);
  });
});

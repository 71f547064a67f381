import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { PgBlobStore } from '#libs/attachments';
import { createDataSource } from '#libs/database';
import { BlobNotFoundError, BlobTooLargeError, S3BlobStore, S3_PART_BYTES, type BlobStore } from '#libs/files';
import { startS3 } from './helpers/s3.js';

/**
 * One contract for every BlobStore driver: each entry in `drivers` runs the same cases. The S3 driver runs
 * against s3rver, an in-process S3-compatible server with its data under .data/test. What s3rver cannot prove
 * (real encryption at rest, IAM and bucket policies, AWS's multipart limits, eventual consistency) is listed in
 * docs/security.md, File storage.
 */
interface Harness {
  store: BlobStore;
  /** Every key the store holds for a school (objects, rows): proves a failed put kept nothing. */
  keysOf(schoolId: string): Promise<string[]>;
  /** Headers of each write request the driver sent, where the driver talks HTTP; null otherwise. */
  writes: Record<string, string>[] | null;
  close(): Promise<void>;
}

async function s3Harness(): Promise<Harness> {
  const s3 = await startS3('contract');
  const client = s3.client;
  const writes: Record<string, string>[] = [];
  // s3rver ignores encryption headers, so the request itself is the evidence that SSE was asked for.
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { method?: string; headers?: Record<string, string>; query?: Record<string, unknown> };
      const isPartOrComplete = request.query !== undefined && 'uploadId' in request.query;
      if ((request.method === 'PUT' || request.method === 'POST') && !isPartOrComplete) writes.push({ ...request.headers });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'captureWrites' },
  );
  return {
    store: new S3BlobStore(client, { bucket: 'sen-files', sse: 'AES256' }),
    keysOf: (schoolId) => s3.keysOf(schoolId),
    writes,
    close: () => s3.close(),
  };
}

/** The embedded default: PostgreSQL as the app role (RLS applies), on the database the test run migrated. */
async function postgresHarness(): Promise<Harness> {
  const dataSource = await createDataSource({ url: process.env.DATABASE_URL ?? '', entities: [], applicationName: 'blob-contract', poolSize: 4 }).initialize();
  return {
    store: new PgBlobStore(dataSource),
    keysOf: (schoolId) =>
      dataSource.transaction(async (m) => {
        await m.query(`select set_config('app.school_ids', $1, true)`, [`{${schoolId}}`]);
        const blobs = await m.query<{ key: string }[]>(`select id::text as key from file_blobs where school_id = $1`, [schoolId]);
        const chunks = await m.query<{ key: string }[]>(`select distinct blob_id::text as key from file_chunks where school_id = $1`, [schoolId]);
        return [...blobs, ...chunks].map((r) => r.key);
      }),
    writes: null,
    close: () => dataSource.destroy(),
  };
}

const drivers: { name: string; start: () => Promise<Harness> }[] = [
  { name: 's3', start: s3Harness },
  { name: 'postgres', start: postgresHarness },
];

/** `total` deterministic bytes in 64 KiB chunks, generated as they are read. */
function body(total: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(64 * 1024, total - sent);
      const chunk = Buffer.alloc(n);
      for (let i = 0; i < n; i++) chunk[i] = (sent + i) % 251;
      sent += n;
      this.push(chunk);
    },
  });
}
const sha256Of = async (stream: Readable) => {
  const hash = createHash('sha256');
  let chunks = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    chunks++;
  }
  return { sha256: hash.digest('hex'), chunks };
};

describe.each(drivers)('BlobStore contract: $name', ({ start }) => {
  let h: Harness;
  const school = randomUUID();
  const otherSchool = randomUUID();
  const size = S3_PART_BYTES + 2 * 1024 * 1024 + 17;

  beforeAll(async () => {
    h = await start();
  });
  afterAll(async () => h.close());

  it('round-trips a multi-chunk file, with the sha256 computed while streaming', async () => {
    const expected = await sha256Of(body(size));
    const stored = await h.store.put(school, body(size), { maxBytes: size });
    expect(stored).toMatchObject({ size, sha256: expected.sha256 });
    const read = await sha256Of(await h.store.get(school, stored.key));
    expect(read.sha256).toBe(expected.sha256);
    expect(read.chunks).toBeGreaterThan(1);
  });

  it('stores an empty file', async () => {
    const stored = await h.store.put(school, Readable.from([]), { maxBytes: 10 });
    expect(stored).toMatchObject({ size: 0, sha256: createHash('sha256').digest('hex') });
    expect((await sha256Of(await h.store.get(school, stored.key))).chunks).toBe(0);
  });

  it('get is a stream: the first chunk arrives while the rest is still unread', async () => {
    const { key } = await h.store.put(school, body(size), { maxBytes: size });
    const stream = await h.store.get(school, key);
    const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const first = await iterator.next();
    expect(first.done).toBe(false);
    expect(first.value.length).toBeLessThan(size);
    expect(stream.readableEnded).toBe(false);
    stream.destroy();
  });

  it.each([
    ['in the first part', 5_000, 1_000],
    ['after a part was uploaded', S3_PART_BYTES + 3 * 1024 * 1024, S3_PART_BYTES + 1024 * 1024],
  ])('over the limit %s throws BlobTooLargeError and keeps nothing', async (_when, total, maxBytes) => {
    const school2 = randomUUID();
    await expect(h.store.put(school2, body(total), { maxBytes })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await h.keysOf(school2)).toEqual([]);
  });

  it('delete removes the content and is idempotent', async () => {
    const { key } = await h.store.put(school, body(1000), { maxBytes: 1000 });
    await h.store.delete(school, key);
    await h.store.delete(school, key);
    await expect(h.store.get(school, key)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await h.keysOf(school)).not.toContain(key);
  });

  it('an unknown key is BlobNotFoundError', async () => {
    await expect(h.store.get(school, `${school}/${randomUUID()}`)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(h.store.get(school, 'not-a-key')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it("one school's key is neither readable nor deletable as another school", async () => {
    const { key } = await h.store.put(school, body(1000), { maxBytes: 1000 });
    await expect(h.store.get(otherSchool, key)).rejects.toBeInstanceOf(BlobNotFoundError);
    await h.store.delete(otherSchool, key);
    expect((await sha256Of(await h.store.get(school, key))).sha256).toBe((await sha256Of(body(1000))).sha256);
  });

  it('keys are random and carry no personal data', async () => {
    const a = await h.store.put(school, Readable.from([Buffer.from('Jane Doe, dyslexia')]), { maxBytes: 100 });
    const b = await h.store.put(school, Readable.from([Buffer.from('Jane Doe, dyslexia')]), { maxBytes: 100 });
    expect(a.key).not.toBe(b.key);
    for (const { key } of [a, b]) expect(key).toMatch(/^[0-9a-f-]+(\/[0-9a-f-]+)?$/);
  });

  it('server-side encryption is requested on every write', async () => {
    if (h.writes === null) return expect(h.store.driver).toBe('postgres');
    expect(h.writes.length).toBeGreaterThan(0);
    for (const headers of h.writes) expect(headers['x-amz-server-side-encryption']).toBe('AES256');
  });
});

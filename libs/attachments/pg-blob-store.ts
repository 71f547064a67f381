import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { BlobNotFoundError, BlobTooLargeError, type BlobStore, type StoredBlob } from '#libs/files';

/** 256 KiB: a few round trips for a typical report, and the most a read or write holds in memory at once. */
export const PG_CHUNK_BYTES = 256 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The embedded default BlobStore: content in PostgreSQL, in file_chunks of 256 KiB under the school's RLS, so
 * backup, restore and erasure cover it with the rest of the record. Each call runs in its own short transaction
 * with the school set (not the request's, which may not see every table): a put is one transaction, so a failed
 * or oversized upload rolls back whole and keeps nothing; a get reads one chunk per transaction as the reader
 * pulls, so a download never holds the file in memory.
 */
export class PgBlobStore implements BlobStore {
  readonly driver = 'postgres';

  constructor(private readonly dataSource: DataSource) {}

  async put(schoolId: string, body: Readable, { maxBytes }: { maxBytes: number }): Promise<StoredBlob> {
    if (!UUID.test(schoolId)) throw new Error('schoolId must be a uuid');
    const key = randomUUID();
    return this.inSchool(schoolId, async (m) => {
      const hash = createHash('sha256');
      let size = 0;
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        const data = Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
        for (let at = 0; at < data.length; at += PG_CHUNK_BYTES) {
          await m.query(`insert into file_chunks (blob_id, seq, school_id, data) values ($1, $2, $3, $4)`, [
            key,
            seq++,
            schoolId,
            data.subarray(at, at + PG_CHUNK_BYTES),
          ]);
        }
      };
      for await (const data of body) {
        const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data as string);
        size += chunk.length;
        if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
        hash.update(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= PG_CHUNK_BYTES) {
          // Whole chunks go now; the remainder waits for more bytes, so every chunk but the last is full.
          const all = Buffer.concat(pending);
          const whole = all.length - (all.length % PG_CHUNK_BYTES);
          pending = [all.subarray(0, whole)];
          await flush();
          if (whole < all.length) {
            pending = [all.subarray(whole)];
            pendingBytes = all.length - whole;
          }
        }
      }
      if (pendingBytes > 0) await flush();
      const sha256 = hash.digest('hex');
      await m.query(`insert into file_blobs (id, school_id, size, sha256, chunk_count) values ($1, $2, $3, $4, $5)`, [key, schoolId, size, sha256, seq]);
      return { key, size, sha256 };
    });
  }

  async get(schoolId: string, key: string): Promise<Readable> {
    if (!UUID.test(schoolId) || !UUID.test(key)) throw new BlobNotFoundError();
    const [blob] = await this.inSchool(schoolId, (m) =>
      m.query<{ chunk_count: number }[]>(`select chunk_count from file_blobs where id = $1 and school_id = $2`, [key, schoolId]),
    );
    if (!blob) throw new BlobNotFoundError();
    const chunk = (seq: number) =>
      this.inSchool(schoolId, async (m) => {
        const [row] = await m.query<{ data: Buffer }[]>(`select data from file_chunks where blob_id = $1 and seq = $2 and school_id = $3`, [
          key,
          seq,
          schoolId,
        ]);
        if (!row) throw new BlobNotFoundError();
        return row.data;
      });
    async function* chunks() {
      for (let seq = 0; seq < blob!.chunk_count; seq++) yield await chunk(seq);
    }
    // One chunk buffered ahead at most.
    return Readable.from(chunks(), { objectMode: false, highWaterMark: 1 });
  }

  async delete(schoolId: string, key: string): Promise<void> {
    if (!UUID.test(schoolId) || !UUID.test(key)) return;
    await this.inSchool(schoolId, async (m) => {
      await m.query(`delete from file_chunks where blob_id = $1 and school_id = $2`, [key, schoolId]);
      await m.query(`delete from file_blobs where id = $1 and school_id = $2`, [key, schoolId]);
    });
  }

  private inSchool<T>(schoolId: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`select set_config('app.school_ids', $1, true)`, [`{${schoolId}}`]);
      return fn(m);
    });
  }
}

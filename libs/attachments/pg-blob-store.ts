import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { TenantTransactions } from '#libs/database';
import { BlobNotFoundError, BlobTooLargeError, type BlobStore, type StoredBlob } from '#libs/files';

/** 256 KiB: a few round trips for a typical report, and the most a read or write holds in memory at once. */
export const PG_CHUNK_BYTES = 256 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The embedded default BlobStore: content in PostgreSQL, in file_chunks of 256 KiB under the school's RLS, so
 * backup, restore and erasure cover it with the rest of the record. A put or delete runs in the caller's tenant
 * transaction for that school if one is open (as a savepoint; `write`), else in its own with the school set: a put
 * is all or nothing, so a failed or oversized upload rolls back whole and keeps nothing. A get reads one chunk
 * per transaction of its own as the reader pulls, so a download never holds the file in memory.
 */
export class PgBlobStore implements BlobStore {
  readonly driver = 'postgres';

  /** With `tx`, writes join the caller's tenant transaction when one is open for the school (see `write`). */
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx?: TenantTransactions,
  ) {}

  async put(schoolId: string, body: Readable, { maxBytes }: { maxBytes: number }): Promise<StoredBlob> {
    if (!UUID.test(schoolId)) throw new Error('schoolId must be a uuid');
    const key = randomUUID();
    return this.joined(schoolId, async (m) => {
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

  async get(schoolId: string, key: string, { readWithin = false }: { readWithin?: boolean } = {}): Promise<Readable> {
    if (!UUID.test(schoolId) || !UUID.test(key)) throw new BlobNotFoundError();
    const read = <T>(fn: (m: EntityManager) => Promise<T>) => (readWithin ? this.joined(schoolId, fn, false) : this.inSchool(schoolId, fn));
    const [blob] = await read((m) =>
      m.query<{ chunk_count: number }[]>(`select chunk_count from file_blobs where id = $1 and school_id = $2`, [key, schoolId]),
    );
    if (!blob) throw new BlobNotFoundError();
    const chunk = (seq: number) =>
      read(async (m) => {
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
    await this.joined(schoolId, async (m) => {
      await m.query(`delete from file_chunks where blob_id = $1 and school_id = $2`, [key, schoolId]);
      await m.query(`delete from file_blobs where id = $1 and school_id = $2`, [key, schoolId]);
    });
  }

  /**
   * A put or delete (or a `readWithin` get) inside the caller's tenant transaction when one is open for this
   * school; a write as a savepoint, so a failed upload still rolls back whole. An upload request or a scan job
   * already holds a connection, and a transaction of the store's own beside it took a second: under a small pool
   * (PgBouncer in transaction mode, docs/scaling.md) requests and jobs each holding one and waiting for another
   * stalled every upload and scan. Other reads keep their own transactions: a download streams after the
   * request's transaction has committed.
   */
  private joined<T>(schoolId: string, fn: (m: EntityManager) => Promise<T>, savepoint = true): Promise<T> {
    if (!this.tx?.scope()?.schoolIds.includes(schoolId)) return this.inSchool(schoolId, fn);
    const m = this.tx.manager();
    return savepoint ? m.transaction(fn) : fn(m);
  }

  private inSchool<T>(schoolId: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`select set_config('app.school_ids', $1, true)`, [`{${schoolId}}`]);
      return fn(m);
    });
  }
}

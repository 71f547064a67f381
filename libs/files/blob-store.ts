import type { Readable } from 'node:stream';

/**
 * Where file content lives. The embedded default keeps it in PostgreSQL (chunked, under row-level security);
 * production may use an S3-compatible store. Keys are opaque random identifiers and never carry personal data.
 * Every driver passes the same contract suite.
 */
export interface StoredBlob {
  /** The driver's opaque key for the content. */
  key: string;
  /** Bytes stored. */
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
}

export interface BlobStore {
  /** 'postgres' or 's3': recorded on each file so a driver change never strands content. */
  readonly driver: string;
  /**
   * Streams `body` into the store under a new key, never holding it whole in memory. Throws BlobTooLargeError
   * as soon as more than `maxBytes` arrive, and keeps nothing of a failed write.
   */
  put(schoolId: string, body: Readable, options: { maxBytes: number }): Promise<StoredBlob>;
  /**
   * The content as a stream; throws BlobNotFoundError for an unknown key of this school. `readWithin: true` says
   * the caller reads it all before its tenant transaction ends (a scan job): a store in PostgreSQL then reads
   * through that transaction instead of taking a second pooled connection beside it (docs/scaling.md).
   */
  get(schoolId: string, key: string, options?: { readWithin?: boolean }): Promise<Readable>;
  /** Removes the content; removing an unknown key is not an error (erasure may run twice). */
  delete(schoolId: string, key: string): Promise<void>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the limit of ${maxBytes} bytes`);
  }
}

export class BlobNotFoundError extends Error {
  constructor() {
    super('No stored content with that key');
  }
}

/** Nest injection token for the configured BlobStore. */
export const BLOB_STORE = Symbol('BLOB_STORE');

import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type CompletedPart,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { BlobNotFoundError, BlobTooLargeError, type BlobStore, type StoredBlob } from './blob-store.js';

/** S3's smallest part except the last; also the most a put holds in memory at once. */
export const S3_PART_BYTES = 5 * 1024 * 1024;

export interface S3BlobStoreOptions {
  bucket: string;
  /** 'AES256' (SSE-S3) or 'aws:kms' (SSE-KMS with kmsKeyId). Requested on every put, never optional. */
  sse: 'AES256' | 'aws:kms';
  kmsKeyId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Content in an S3-compatible bucket. Keys are `<schoolId>/<random uuid>`: the school id is itself a random
 * uuid (no name, no personal data) and the prefix lets the driver refuse another school's key before asking
 * S3, and lets an operator list or remove one school's objects. Uploads stream: a small file is one PutObject,
 * a larger one a multipart upload holding at most one part in memory; over the limit the upload is aborted.
 */
export class S3BlobStore implements BlobStore {
  readonly driver = 's3';

  constructor(
    private readonly client: S3Client,
    private readonly options: S3BlobStoreOptions,
  ) {}

  async put(schoolId: string, body: Readable, { maxBytes }: { maxBytes: number }): Promise<StoredBlob> {
    if (!UUID.test(schoolId)) throw new Error('schoolId must be a uuid');
    const key = `${schoolId}/${randomUUID()}`;
    const hash = createHash('sha256');
    let size = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let uploadId: string | undefined;
    const parts: CompletedPart[] = [];

    const flushPart = async () => {
      uploadId ??= (await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.options.bucket, Key: key, ...this.encryption() }))).UploadId;
      const PartNumber = parts.length + 1;
      const chunk = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      const { ETag } = await this.client.send(new UploadPartCommand({ Bucket: this.options.bucket, Key: key, UploadId: uploadId, PartNumber, Body: chunk }));
      parts.push({ ETag, PartNumber });
    };

    try {
      for await (const data of body) {
        const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data as string);
        size += chunk.length;
        if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
        hash.update(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= S3_PART_BYTES) await flushPart();
      }
      if (uploadId === undefined) {
        // Small enough for one request: no multipart upload to complete or abort.
        await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: Buffer.concat(pending), ...this.encryption() }));
      } else {
        if (pendingBytes > 0) await flushPart();
        await this.client.send(
          new CompleteMultipartUploadCommand({ Bucket: this.options.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
        );
      }
    } catch (err) {
      body.destroy();
      if (uploadId !== undefined) await this.abort(key, uploadId);
      throw err;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  async get(schoolId: string, key: string): Promise<Readable> {
    this.assertOwned(schoolId, key);
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      if (!(Body instanceof Readable)) throw new Error('S3 returned no readable body');
      return Body;
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) throw new BlobNotFoundError();
      throw err;
    }
  }

  async delete(schoolId: string, key: string): Promise<void> {
    // Another school's key is treated as absent: nothing is deleted and erasure stays idempotent.
    if (!this.owns(schoolId, key)) return;
    // S3 answers 204 for an absent key, so a repeated erasure is not an error.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  private encryption(): { ServerSideEncryption: ServerSideEncryption; SSEKMSKeyId?: string } {
    return this.options.sse === 'aws:kms' ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.options.kmsKeyId } : { ServerSideEncryption: 'AES256' };
  }

  private owns(schoolId: string, key: string): boolean {
    const [prefix, id, ...rest] = key.split('/');
    return prefix === schoolId && id !== undefined && UUID.test(id) && rest.length === 0;
  }

  private assertOwned(schoolId: string, key: string): void {
    if (!this.owns(schoolId, key)) throw new BlobNotFoundError();
  }

  /** Best effort: the bucket's lifecycle rule (docs/security.md, File storage) removes any upload this misses. */
  private async abort(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.options.bucket, Key: key, UploadId: uploadId }));
    } catch {
      // The original error matters more; an unaborted upload is invisible to readers and expires.
    }
  }
}

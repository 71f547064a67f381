import { S3Client } from '@aws-sdk/client-s3';
import type { FactoryProvider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type FileStorageConfig } from '#libs/core';
import { BLOB_STORE, type BlobStore } from './blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

/** The S3 driver for an `s3` configuration (also used by the contract suite against s3rver). */
export function s3BlobStore(config: Extract<FileStorageConfig, { driver: 's3' }>): S3BlobStore {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
  });
  return new S3BlobStore(client, { bucket: config.bucket, sse: config.sse, kmsKeyId: config.kmsKeyId });
}

/**
 * BLOB_STORE from FILE_STORAGE. The PostgreSQL store is built by the documents module; it passes its class
 * and the injection tokens of its constructor's dependencies, so this file need not know them.
 */
export interface PostgresBlobStoreFactory {
  inject?: FactoryProvider['inject'];
  /** Method syntax on purpose: it accepts a typed `(dataSource: DataSource) => new PgBlobStore(dataSource)`. */
  create(...deps: unknown[]): BlobStore;
}

export function blobStoreProvider(postgres: PostgresBlobStoreFactory): FactoryProvider<BlobStore> {
  return {
    provide: BLOB_STORE,
    inject: [APP_CONFIG, ...(postgres.inject ?? [])],
    useFactory: (config: AppConfig, ...deps: unknown[]) => (config.fileStorage.driver === 's3' ? s3BlobStore(config.fileStorage) : postgres.create(...deps)),
  };
}

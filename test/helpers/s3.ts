import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

export interface TestS3 {
  endpoint: string;
  bucket: string;
  client: S3Client;
  /** The settings that point the API or worker at this server (FILE_STORAGE=s3). */
  env: Record<string, string>;
  /** Every object key under a school's prefix. */
  keysOf(schoolId: string): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * s3rver, an in-process S3-compatible server with its data under .data/test (docs/security.md, File storage,
 * says what it cannot prove), with one bucket.
 */
export async function startS3(name: string): Promise<TestS3> {
  const directory = resolve(process.env.TEST_DATA_DIR ?? '.data/test', `s3rver-${name}-${process.pid}`);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  const bucket = 'sen-files';
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ region: 'eu-west-2', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  return {
    endpoint,
    bucket,
    client,
    env: {
      FILE_STORAGE: 's3',
      S3_ENDPOINT: endpoint,
      S3_REGION: 'eu-west-2',
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    keysOf: async (schoolId) => {
      const { Contents } = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${schoolId}/` }));
      return (Contents ?? []).map((o) => o.Key ?? '');
    },
    close: async () => {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

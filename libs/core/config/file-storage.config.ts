/**
 * Where uploaded files live (docs/security.md, File storage). Kept beside config.schema.ts, which lists these
 * variables with the rest; this file also checks the combination, which no single variable can.
 */
type Apps = ('api' | 'worker' | 'migrate')[];
const apps: Apps = ['api', 'worker'];

const optionalUrl = (v: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol) ? null : 'must be an http or https URL';
  } catch {
    return 'must be a URL';
  }
};
const oneOf = (values: string[]) => (v: string) => (values.includes(v) ? null : `must be one of ${values.join(', ')}`);
const nonBlank = (v: string) => (v.trim().length > 0 ? null : 'must not be blank');

export const fileStorageVariables = [
  { name: 'FILE_STORAGE', apps, devDefault: 'postgres', validate: oneOf(['postgres', 's3']) },
  // Unset: AWS's own endpoint for S3_REGION. Set for MinIO, Ceph or another S3-compatible service.
  { name: 'S3_ENDPOINT', apps, devDefault: '', validate: optionalUrl },
  {
    name: 'S3_REGION',
    apps,
    devDefault: 'eu-west-2',
    validate: (v: string) => (/^[a-z]{2}(-[a-z]+)+-\d$/.test(v) ? null : 'must be a region such as eu-west-2'),
  },
  { name: 'S3_BUCKET', apps, devDefault: '', validate: (v: string) => (/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) ? null : 'must be a valid bucket name') },
  // Both or neither: unset, the SDK's default chain (instance or task role) supplies credentials.
  { name: 'S3_ACCESS_KEY_ID', apps, devDefault: '', validate: nonBlank },
  { name: 'S3_SECRET_ACCESS_KEY', apps, devDefault: '', validate: nonBlank },
  { name: 'S3_FORCE_PATH_STYLE', apps, devDefault: 'false', validate: oneOf(['true', 'false']) },
  { name: 'S3_SSE', apps, devDefault: 'AES256', validate: oneOf(['AES256', 'aws:kms']) },
  { name: 'S3_KMS_KEY_ID', apps, devDefault: '', validate: nonBlank },
];

export type FileStorageConfig =
  | { driver: 'postgres' }
  | {
      driver: 's3';
      endpoint?: string;
      region: string;
      bucket: string;
      credentials?: { accessKeyId: string; secretAccessKey: string };
      forcePathStyle: boolean;
      sse: 'AES256' | 'aws:kms';
      kmsKeyId?: string;
    };

/** Problems with the combination, each naming the variable to fix; empty when the values fit together. */
export function fileStorageProblems(v: (name: string) => string): string[] {
  if (v('FILE_STORAGE') !== 's3') return [];
  const problems: string[] = [];
  if (!v('S3_BUCKET')) problems.push('S3_BUCKET is required when FILE_STORAGE is s3');
  if (Boolean(v('S3_ACCESS_KEY_ID')) !== Boolean(v('S3_SECRET_ACCESS_KEY'))) {
    problems.push(`${v('S3_ACCESS_KEY_ID') ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'} is required when the other S3 key is set`);
  }
  if (v('S3_SSE') === 'aws:kms' && !v('S3_KMS_KEY_ID')) problems.push('S3_KMS_KEY_ID is required when S3_SSE is aws:kms');
  if (v('S3_SSE') !== 'aws:kms' && v('S3_KMS_KEY_ID')) problems.push('S3_KMS_KEY_ID is only used when S3_SSE is aws:kms');
  return problems;
}

export function fileStorageConfig(v: (name: string) => string): FileStorageConfig {
  if (v('FILE_STORAGE') !== 's3') return { driver: 'postgres' };
  return {
    driver: 's3',
    endpoint: v('S3_ENDPOINT') || undefined,
    region: v('S3_REGION'),
    bucket: v('S3_BUCKET'),
    credentials: v('S3_ACCESS_KEY_ID') ? { accessKeyId: v('S3_ACCESS_KEY_ID'), secretAccessKey: v('S3_SECRET_ACCESS_KEY') } : undefined,
    forcePathStyle: v('S3_FORCE_PATH_STYLE') === 'true',
    sse: v('S3_SSE') === 'aws:kms' ? 'aws:kms' : 'AES256',
    kmsKeyId: v('S3_KMS_KEY_ID') || undefined,
  };
}

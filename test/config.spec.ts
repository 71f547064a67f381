import { spawnSync } from 'node:child_process';
import { ConfigError, DEV_JWT_SECRET, DEV_DATA_ENCRYPTION_KEY, describeRedisTarget, loadConfig, parseRedisTarget } from '#libs/core';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/sen', REDIS_URL: 'redis://127.0.0.1:6379' };
const problemsOf = (env: NodeJS.ProcessEnv, app: 'api' | 'worker' | 'migrate' = 'api') => {
  try {
    loadConfig(app, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('config validation', () => {
  it('accepts a complete development config and applies defaults', () => {
    const config = loadConfig('api', base);
    expect(config).toMatchObject({ nodeEnv: 'development', apiPort: 3000, accessTokenTtlSeconds: 900 });
  });

  it('names every missing or malformed variable at once', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://x', API_PORT: 'eighty', ACCESS_TOKEN_TTL_SECONDS: '5' })).toEqual([
      'DATABASE_URL must be a postgres or postgresql URL',
      'REDIS_URL is required but not set',
      'ACCESS_TOKEN_TTL_SECONDS must be a whole number from 30 to 3600',
      'API_PORT must be a whole number from 0 to 65535',
    ]);
  });

  it('QUEUE_PREFIX takes a Redis Cluster hash tag ({sen}) and refuses unbalanced braces', () => {
    expect(loadConfig('worker', { ...base, QUEUE_PREFIX: '{sen}' }).notify.queuePrefix).toBe('{sen}');
    expect(loadConfig('worker', { ...base, QUEUE_PREFIX: 'sen-prod' }).notify.queuePrefix).toBe('sen-prod');
    for (const bad of ['{sen', 'sen}', 'a{b}', '{}', 'SEN'])
      expect(problemsOf({ ...base, QUEUE_PREFIX: bad }, 'worker')).toEqual([expect.stringContaining('QUEUE_PREFIX')]);
  });

  it('REDIS_URL takes Sentinels (redis-sentinel://host:port,…/name) and names a malformed one', () => {
    expect(loadConfig('worker', { ...base, REDIS_URL: 'redis-sentinel://127.0.0.1:26379,10.0.0.2:26380/sen' }).redisUrl).toBe(
      'redis-sentinel://127.0.0.1:26379,10.0.0.2:26380/sen',
    );
    expect(parseRedisTarget('redis-sentinel://:s%40cret@a.example:26379,b.example:26379/sen-primary')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 'a.example', port: 26379 },
        { host: 'b.example', port: 26379 },
      ],
      name: 'sen-primary',
      password: 's@cret',
    });
    for (const bad of ['redis-sentinel://127.0.0.1/sen', 'redis-sentinel://127.0.0.1:26379', 'redis-sentinel://h:99999/sen', 'http://nope'])
      expect(problemsOf({ ...base, REDIS_URL: bad }, 'worker')).toEqual([expect.stringContaining('REDIS_URL')]);
    // Never the password, in a start-up error.
    expect(describeRedisTarget('redis-sentinel://:hunter2@a.example:26379/sen')).toBe('Redis primary "sen" via Sentinel at a.example:26379');
  });

  it('sign-in limits: defaults for a staff room behind one address, each validated by name', () => {
    expect(loadConfig('api', base).loginRateLimits).toEqual({ failuresPerAddressAccount: 10, failuresPerAccount: 30, attemptsPerAddress: 300 });
    expect(problemsOf({ ...base, LOGIN_FAILURES_PER_ADDRESS_ACCOUNT: '1.5', LOGIN_FAILURES_PER_ACCOUNT: '0', LOGIN_ATTEMPTS_PER_ADDRESS: 'many' })).toEqual([
      'LOGIN_FAILURES_PER_ADDRESS_ACCOUNT must be a whole number from 1 to 10000',
      'LOGIN_FAILURES_PER_ACCOUNT must be a whole number from 1 to 10000',
      'LOGIN_ATTEMPTS_PER_ADDRESS must be a whole number from 1 to 100000',
    ]);
  });

  it('production refuses the default secret and a missing one', () => {
    const prod = { ...base, NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'ab'.repeat(32) };
    expect(problemsOf({ ...prod, JWT_SECRET: DEV_JWT_SECRET })).toEqual(['JWT_SECRET is the development default; production needs its own secret']);
    expect(problemsOf(prod)).toEqual(['JWT_SECRET is required but not set']);
    expect(problemsOf({ ...prod, JWT_SECRET: 'short' })).toEqual(['JWT_SECRET must be at least 32 characters']);
  });

  it('the key for secrets at rest: 32 bytes in hex, never the development one in production', () => {
    expect(loadConfig('api', base).dataEncryptionKey).toHaveLength(32);
    const prod = { ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
    expect(problemsOf(prod)).toEqual(['DATA_ENCRYPTION_KEY is required but not set']);
    expect(problemsOf({ ...prod, DATA_ENCRYPTION_KEY: DEV_DATA_ENCRYPTION_KEY })).toEqual([
      'DATA_ENCRYPTION_KEY is the development default; production needs its own secret',
    ]);
    expect(problemsOf({ ...base, DATA_ENCRYPTION_KEY: 'not-hex' })).toEqual(['DATA_ENCRYPTION_KEY must be 64 hexadecimal characters (32 bytes)']);
  });
});

describe('processes stop at boot with a message naming the cause', () => {
  const run = (script: string, env: Record<string, string>) =>
    spawnSync(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });

  it('the API exits 1 naming a malformed variable', () => {
    const result = run('dist/apps/api/main.js', { ...base, REDIS_URL: 'http://nope' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('REDIS_URL must be a redis, rediss or redis-sentinel URL');
  });

  it('the worker exits 1 naming a missing variable', () => {
    const result = run('dist/apps/worker/main.js', { DATABASE_URL: base.DATABASE_URL });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('REDIS_URL is required but not set');
  });

  it('the API exits 1 naming PostgreSQL when the database is down', () => {
    const result = run('dist/apps/api/main.js', { DATABASE_URL: 'postgres://sen_app:x@127.0.0.1:1/sen', REDIS_URL: process.env.REDIS_URL ?? '' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Cannot connect to PostgreSQL at 127\.0\.0\.1:1/);
  });

  it('the worker exits 1 naming Redis when Redis is down', () => {
    const result = run('dist/apps/worker/main.js', { DATABASE_URL: process.env.DATABASE_URL ?? '', REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Cannot connect to Redis at 127\.0\.0\.1:1/);
  });
});

describe('file storage configuration (docs/security.md, File storage)', () => {
  it('defaults to PostgreSQL and reads a complete S3 configuration', () => {
    expect(loadConfig('api', base).fileStorage).toEqual({ driver: 'postgres' });
    expect(loadConfig('worker', { ...base, FILE_STORAGE: 's3', S3_BUCKET: 'sen-files', S3_SSE: 'aws:kms', S3_KMS_KEY_ID: 'alias/sen' }).fileStorage).toEqual({
      driver: 's3',
      region: 'eu-west-2',
      bucket: 'sen-files',
      forcePathStyle: false,
      sse: 'aws:kms',
      kmsKeyId: 'alias/sen',
    });
  });

  it('refuses a bad combination, naming the variable', () => {
    expect(problemsOf({ ...base, FILE_STORAGE: 's3' })).toEqual(['S3_BUCKET is required when FILE_STORAGE is s3']);
    expect(problemsOf({ ...base, FILE_STORAGE: 's3', S3_BUCKET: 'sen-files', S3_ACCESS_KEY_ID: 'AKIA' })).toEqual([
      'S3_SECRET_ACCESS_KEY is required when the other S3 key is set',
    ]);
    expect(problemsOf({ ...base, FILE_STORAGE: 's3', S3_BUCKET: 'sen-files', S3_SSE: 'aws:kms' })).toEqual([
      'S3_KMS_KEY_ID is required when S3_SSE is aws:kms',
    ]);
    expect(problemsOf({ ...base, FILE_STORAGE: 'disk', S3_SSE: 'none', S3_ENDPOINT: 'ftp://x' })).toEqual([
      'FILE_STORAGE must be one of postgres, s3',
      'S3_ENDPOINT must be an http or https URL',
      'S3_SSE must be one of AES256, aws:kms',
    ]);
  });
});

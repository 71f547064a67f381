/**
 * Every environment variable the product reads, in one place. Boot validates them all and stops with a
 * message naming each bad one; the compose file test checks that docker/compose.yaml gives api and worker
 * every variable they require.
 */
import { fileStorageVariables } from './file-storage.config.js';
import { webauthnVariables } from './webauthn.config.js';
import { documentVariables } from './documents.config.js';
import { parseRedisTarget } from './redis-target.js';

export type AppName = 'api' | 'worker' | 'migrate';

export interface ConfigVariable {
  name: string;
  /** Which processes read it. */
  apps: AppName[];
  /** Used when unset outside production. `undefined` means the variable is required everywhere. */
  devDefault?: string;
  /** A default that is a published secret: production refuses to start with it. */
  secret?: boolean;
  validate: (value: string) => string | null;
}

const url = (protocols: string[]) => (v: string) => {
  try {
    const u = new URL(v);
    return protocols.includes(u.protocol.replace(/:$/, '')) ? null : `must be a ${protocols.join(' or ')} URL`;
  } catch {
    return 'must be a URL';
  }
};
const int = (min: number, max: number) => (v: string) =>
  /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? null : `must be a whole number from ${min} to ${max}`;
const oneOf = (values: string[]) => (v: string) => (values.includes(v) ? null : `must be one of ${values.join(', ')}`);

export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789abcdef';
export const DEV_DATA_ENCRYPTION_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

export const configVariables: ConfigVariable[] = [
  { name: 'NODE_ENV', apps: ['api', 'worker', 'migrate'], devDefault: 'development', validate: oneOf(['development', 'test', 'production']) },
  { name: 'DATABASE_URL', apps: ['api', 'worker'], validate: url(['postgres', 'postgresql']) },
  { name: 'MIGRATION_DATABASE_URL', apps: ['migrate'], validate: url(['postgres', 'postgresql']) },
  {
    name: 'REDIS_URL',
    apps: ['api', 'worker'],
    validate: (v) => {
      const target = parseRedisTarget(v);
      return 'error' in target ? target.error : null;
    },
  },
  {
    name: 'JWT_SECRET',
    apps: ['api'],
    devDefault: DEV_JWT_SECRET,
    secret: true,
    validate: (v) => (v.length >= 32 ? null : 'must be at least 32 characters'),
  },
  { name: 'ACCESS_TOKEN_TTL_SECONDS', apps: ['api'], devDefault: '900', validate: int(30, 3600) },
  { name: 'REFRESH_TOKEN_TTL_DAYS', apps: ['api'], devDefault: '30', validate: int(1, 90) },
  { name: 'INVITATION_TTL_DAYS', apps: ['api'], devDefault: '14', validate: int(1, 60) },
  // Sign-in limits a minute (libs/auth/login-rate-limiter.ts, docs/security.md): failed sign-ins per account
  // from one address, failed sign-ins per account from every address, and attempts per client address.
  { name: 'LOGIN_FAILURES_PER_ADDRESS_ACCOUNT', apps: ['api'], devDefault: '10', validate: int(1, 10000) },
  { name: 'LOGIN_FAILURES_PER_ACCOUNT', apps: ['api'], devDefault: '30', validate: int(1, 10000) },
  { name: 'LOGIN_ATTEMPTS_PER_ADDRESS', apps: ['api'], devDefault: '300', validate: int(1, 100000) },
  { name: 'PUBLIC_RATE_LIMIT_PER_MINUTE', apps: ['api'], devDefault: '120', validate: int(1, 100000) },
  {
    name: 'TRUST_PROXY',
    apps: ['api'],
    devDefault: 'false',
    validate: oneOf(['true', 'false']),
  },
  // Origins (scheme://host[:port]) whose pages may call the API from a browser; none by default: the web app
  // is served by the API itself, same origin, and needs no CORS.
  {
    name: 'CORS_ORIGINS',
    apps: ['api'],
    devDefault: '',
    validate: (v) =>
      v.split(',').every((o) => /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(o.trim()))
        ? null
        : 'must be comma-separated origins such as https://app.example.org',
  },
  { name: 'API_HOST', apps: ['api'], devDefault: '127.0.0.1', validate: (v) => (v.length > 0 ? null : 'must not be empty') },
  { name: 'API_PORT', apps: ['api'], devDefault: '3000', validate: int(0, 65535) },
  { name: 'PUBLIC_URL', apps: ['api', 'worker'], devDefault: 'http://localhost:3000', validate: url(['http', 'https']) },
  { name: 'SMTP_URL', apps: ['worker'], devDefault: 'smtp://127.0.0.1:1025', validate: url(['smtp', 'smtps']) },
  {
    name: 'MAIL_FROM',
    apps: ['worker'],
    devDefault: 'SEN Manager <no-reply@sen-manager.local>',
    validate: (v) => (v.includes('@') ? null : 'must contain an email address'),
  },
  // Notification delivery: how often the outbox is relayed and abandoned work swept up, how long a send may
  // hold a delivery before another worker may take it over, and the retry budget.
  { name: 'NOTIFICATIONS', apps: ['worker'], devDefault: 'on', validate: oneOf(['on', 'off']) },
  {
    name: 'QUEUE_PREFIX',
    apps: ['worker'],
    devDefault: 'bull',
    validate: (v) =>
      /^(\{[a-z0-9-]{1,38}\}|[a-z0-9-]{1,40})$/.test(v)
        ? null
        : 'must be 1–40 lower-case letters, digits or hyphens, optionally in braces as a Redis Cluster hash tag ({sen})',
  },
  { name: 'OUTBOX_RELAY_INTERVAL_MS', apps: ['worker'], devDefault: '500', validate: int(50, 60_000) },
  { name: 'NOTIFY_SWEEP_INTERVAL_MS', apps: ['worker'], devDefault: '30000', validate: int(200, 3_600_000) },
  { name: 'NOTIFY_STALE_AFTER_MS', apps: ['worker'], devDefault: '120000', validate: int(500, 86_400_000) },
  { name: 'NOTIFY_LEASE_MS', apps: ['worker'], devDefault: '120000', validate: int(500, 3_600_000) },
  { name: 'NOTIFY_ATTEMPTS', apps: ['worker'], devDefault: '6', validate: int(1, 20) },
  { name: 'NOTIFY_BACKOFF_MS', apps: ['worker'], devDefault: '5000', validate: int(10, 600_000) },
  // How long the worker may take to stop after SIGTERM before it exits anyway (apps/worker/main.ts).
  { name: 'WORKER_STOP_DEADLINE_MS', apps: ['worker'], devDefault: '25000', validate: int(1000, 600_000) },
  {
    name: 'LOG_LEVEL',
    apps: ['api', 'worker', 'migrate'],
    devDefault: 'info',
    validate: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  },
  // AES-256-GCM key (64 hex characters) for secrets kept in the database, such as a school's SSO client secret and TOTP seeds.
  {
    name: 'DATA_ENCRYPTION_KEY',
    apps: ['api', 'worker'],
    devDefault: DEV_DATA_ENCRYPTION_KEY,
    secret: true,
    validate: (v) => (/^[0-9a-f]{64}$/i.test(v) ? null : 'must be 64 hexadecimal characters (32 bytes)'),
  },
  // File storage (docs/security.md, File storage): PostgreSQL by default, or an S3-compatible bucket. The
  // combination (bucket, keys, KMS key id) is checked in file-storage.config.ts.
  ...fileStorageVariables,
  // Passkeys (docs/security.md, Passkeys): the WebAuthn relying party id; by default the host of PUBLIC_URL.
  ...webauthnVariables,
  // Uploaded documents: size limit and clamd (docs/security.md, Documents).
  ...documentVariables,
  // A streaming read replica for the heavy reads (docs/scaling.md, Read replicas); unset: every read on DATABASE_URL.
  { name: 'DATABASE_READ_URL', apps: ['api', 'worker'], devDefault: '', validate: url(['postgres', 'postgresql']) },
  // Named prepared statements (docs/performance.md, *Issue 24: against the floor*); off behind PgBouncer before 1.21.
  { name: 'DATABASE_PREPARED_STATEMENTS', apps: ['api', 'worker'], devDefault: 'on', validate: oneOf(['on', 'off']) },
];

/** Variables a production deployment of `app` must set (no default applies in production). */
export function requiredInProduction(app: AppName): string[] {
  return configVariables.filter((v) => v.apps.includes(app) && (v.devDefault === undefined || v.secret)).map((v) => v.name);
}

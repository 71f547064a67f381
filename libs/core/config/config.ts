import { configVariables, type AppName } from './config.schema.js';
import { fileStorageConfig, fileStorageProblems, type FileStorageConfig } from './file-storage.config.js';
import { webauthnConfig, webauthnProblems, type WebauthnConfig } from './webauthn.config.js';
import { documentsConfig, type DocumentsConfig } from './documents.config.js';

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  databaseUrl: string;
  migrationDatabaseUrl: string;
  redisUrl: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  invitationTtlDays: number;
  /** Sign-in limits a minute: failures per address and account, failures per account, attempts per address. */
  loginRateLimits: { failuresPerAddressAccount: number; failuresPerAccount: number; attemptsPerAddress: number };
  /** Requests a minute per client address on routes anyone can call. */
  publicRateLimitPerMinute: number;
  /** Behind a load balancer: take the client address from X-Forwarded-For (rate limits, logs). */
  trustProxy: boolean;
  /** Browser origins allowed to call the API (CORS); empty: none. */
  corsOrigins: string[];
  apiHost: string;
  apiPort: number;
  publicUrl: string;
  smtpUrl: string;
  mailFrom: string;
  notify: {
    enabled: boolean;
    queuePrefix: string;
    relayIntervalMs: number;
    sweepIntervalMs: number;
    staleAfterMs: number;
    leaseMs: number;
    attempts: number;
    backoffMs: number;
  };
  /** How long the worker may take to stop after SIGTERM or SIGINT before it exits anyway. */
  workerStopDeadlineMs: number;
  logLevel: string;
  /** The key of libs/auth's secret box (32 bytes). */
  dataEncryptionKey: Buffer;
  /** Where uploaded files live: PostgreSQL or an S3-compatible bucket (docs/security.md, File storage). */
  fileStorage: FileStorageConfig;
  /** Passkeys: the relying party id and the web app's origin (docs/security.md, Passkeys). */
  webauthn: WebauthnConfig;
  /** Uploaded documents: size limit and clamd's address (docs/security.md, Documents). */
  documents: DocumentsConfig;
  /** A streaming read replica for routes marked to use it; null: everything on databaseUrl. */
  databaseReadUrl: string | null;
  /** Statements with parameters go as named prepared statements (libs/database/prepared-statements.ts). */
  databasePreparedStatements: boolean;
}

/**
 * Reads and validates the variables `app` uses. Every problem is collected, so one failed boot names them all.
 * An unset variable takes its default where it has one; in production a secret has none, and may not be
 * set to its published development value either.
 */
export function loadConfig(app: AppName, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const problems: string[] = [];
  const values: Record<string, string> = {};
  for (const variable of configVariables) {
    if (!variable.apps.includes(app)) continue;
    const raw = env[variable.name];
    if (raw === undefined || raw === '') {
      if (variable.devDefault !== undefined && !(production && variable.secret)) {
        values[variable.name] = variable.devDefault;
      } else {
        problems.push(`${variable.name} is required but not set`);
      }
      continue;
    }
    const error = variable.validate(raw);
    if (error) problems.push(`${variable.name} ${error}`);
    else if (production && variable.secret && raw === variable.devDefault) {
      problems.push(`${variable.name} is the development default; production needs its own secret`);
    } else values[variable.name] = raw;
  }
  if (app !== 'migrate') problems.push(...fileStorageProblems((name) => values[name] ?? ''));
  if (app === 'api') problems.push(...webauthnProblems((name) => values[name] ?? ''));
  if (problems.length > 0) throw new ConfigError(problems);
  const v = (name: string) => values[name] ?? '';
  return {
    nodeEnv: v('NODE_ENV') as AppConfig['nodeEnv'],
    databaseUrl: v('DATABASE_URL'),
    migrationDatabaseUrl: v('MIGRATION_DATABASE_URL'),
    redisUrl: v('REDIS_URL'),
    jwtSecret: v('JWT_SECRET'),
    accessTokenTtlSeconds: Number(v('ACCESS_TOKEN_TTL_SECONDS')),
    refreshTokenTtlDays: Number(v('REFRESH_TOKEN_TTL_DAYS')),
    invitationTtlDays: Number(v('INVITATION_TTL_DAYS')),
    loginRateLimits: {
      failuresPerAddressAccount: Number(v('LOGIN_FAILURES_PER_ADDRESS_ACCOUNT')),
      failuresPerAccount: Number(v('LOGIN_FAILURES_PER_ACCOUNT')),
      attemptsPerAddress: Number(v('LOGIN_ATTEMPTS_PER_ADDRESS')),
    },
    publicRateLimitPerMinute: Number(v('PUBLIC_RATE_LIMIT_PER_MINUTE') || 120),
    trustProxy: v('TRUST_PROXY') === 'true',
    corsOrigins: v('CORS_ORIGINS')
      .split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean),
    apiHost: v('API_HOST'),
    apiPort: Number(v('API_PORT')),
    publicUrl: v('PUBLIC_URL').replace(/\/$/, ''),
    smtpUrl: v('SMTP_URL'),
    mailFrom: v('MAIL_FROM'),
    notify: {
      enabled: v('NOTIFICATIONS') !== 'off',
      queuePrefix: v('QUEUE_PREFIX') || 'bull',
      relayIntervalMs: Number(v('OUTBOX_RELAY_INTERVAL_MS') || 500),
      sweepIntervalMs: Number(v('NOTIFY_SWEEP_INTERVAL_MS') || 30_000),
      staleAfterMs: Number(v('NOTIFY_STALE_AFTER_MS') || 120_000),
      leaseMs: Number(v('NOTIFY_LEASE_MS') || 120_000),
      attempts: Number(v('NOTIFY_ATTEMPTS') || 6),
      backoffMs: Number(v('NOTIFY_BACKOFF_MS') || 5000),
    },
    workerStopDeadlineMs: Number(v('WORKER_STOP_DEADLINE_MS') || 25_000),
    logLevel: v('LOG_LEVEL'),
    dataEncryptionKey: Buffer.from(v('DATA_ENCRYPTION_KEY') || '', 'hex'),
    fileStorage: fileStorageConfig(v),
    webauthn: webauthnConfig(v),
    documents: documentsConfig(v),
    databaseReadUrl: v('DATABASE_READ_URL') || null,
    databasePreparedStatements: (v('DATABASE_PREPARED_STATEMENTS') || 'on') === 'on',
  };
}

/** Injection token for the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** For process entry points: a bad config prints every problem and exits 1, before anything else starts. */
export function loadConfigOrExit(app: AppName): AppConfig {
  try {
    return loadConfig(app);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

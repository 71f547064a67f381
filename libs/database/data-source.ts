import { DataSource, type DataSourceOptions } from 'typeorm';
import { preparingClient } from './prepared-statements.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** Entity classes (or schemas), as TypeORM takes them. */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

export interface DataSourceParams {
  url: string;
  entities: EntityList;
  migrations?: DataSourceOptions['migrations'];
  poolSize?: number;
  applicationName: string;
  /** Extra pg connection options (e.g. `options: '-c role=…'`), merged over the pool settings. */
  extra?: Record<string, unknown>;
  /** How long a query may wait for a pooled connection (or a new one) before failing; default 3 s. */
  connectionTimeoutMillis?: number;
  /** Statements with parameters as named prepared statements (prepared-statements.ts); default off. */
  preparedStatements?: boolean;
}

/**
 * How long a request waits for a database connection before it fails (and the API answers 503). Short, so
 * that with PostgreSQL away requests fail fast instead of piling up; long enough for a busy pool to free one.
 */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 3000;

/** synchronize is off everywhere: the schema changes only through committed migrations. */
export function createDataSource(params: DataSourceParams): DataSource {
  const dataSource = new DataSource({
    type: 'postgres',
    url: params.url,
    entities: params.entities,
    migrations: params.migrations ?? [],
    migrationsTableName: 'typeorm_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    logging: false,
    applicationName: params.applicationName,
    // pg discards a pooled client that errors (idle or in use), so after PostgreSQL restarts the pool refills
    // with fresh connections by itself. keepAlive notices a peer that vanished without closing the socket.
    extra: {
      max: params.poolSize ?? 10,
      connectionTimeoutMillis: params.connectionTimeoutMillis ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      keepAlive: true,
      ...(params.preparedStatements ? { Client: preparingClient() } : {}),
      ...params.extra,
    },
  });
  keepConnectionLossCause(dataSource);
  return dataSource;
}

/** A transaction's connection was lost between its statements (PostgreSQL stopped or restarted). */
export class DatabaseConnectionLostError extends Error {
  constructor(public override readonly cause: unknown) {
    super('Connection terminated: the database connection was lost during the transaction');
    this.name = 'DatabaseConnectionLostError';
  }
}

interface PostgresQueryRunnerInternals {
  isReleased: boolean;
  query: (...args: unknown[]) => Promise<unknown>;
  releasePostgresConnection?: (err?: unknown) => Promise<void>;
}

/**
 * pg reports a connection lost between two statements as an 'error' event on the client; TypeORM then
 * releases the query runner, and the transaction's next statement (often its COMMIT) fails with
 * "Query runner already released", which hides why. This keeps the cause: that statement fails with a
 * DatabaseConnectionLostError carrying the connection's error, so the API can answer 503 instead of 500.
 * A query runner released in the ordinary way still fails as before (that would be a bug, not an outage).
 */
function keepConnectionLossCause(dataSource: DataSource): void {
  const lost = new WeakMap<object, unknown>();
  const lostError = (runner: unknown) => {
    const cause = runner && typeof runner === 'object' && (runner as PostgresQueryRunnerInternals).isReleased ? lost.get(runner) : undefined;
    return cause === undefined ? undefined : new DatabaseConnectionLostError(cause);
  };
  const driver = dataSource.driver as unknown as { createQueryRunner: (mode: unknown) => PostgresQueryRunnerInternals };
  const create = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode) => {
    const runner = create(mode);
    const release = runner.releasePostgresConnection?.bind(runner);
    if (!release) return runner;
    runner.releasePostgresConnection = (err?: unknown) => {
      if (err && !runner.isReleased) lost.set(runner, err);
      return release(err);
    };
    const query = runner.query.bind(runner);
    runner.query = (...args: unknown[]) => {
      const error = lostError(runner);
      return error ? Promise.reject(error) : query(...args);
    };
    return runner;
  };
  // `manager.query(...)` checks the runner in DataSource.query before reaching it.
  const dataSourceQuery = dataSource.query.bind(dataSource);
  (dataSource as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    const error = lostError(args[2]);
    return error ? Promise.reject(error) : (dataSourceQuery as (...a: unknown[]) => Promise<unknown>)(...args);
  };
}

/** "PostgreSQL at host:port" without the credentials, for start-up errors. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'PostgreSQL (unparseable URL)';
  }
}

/** SQLSTATE classes and codes that mean "the server is not there (right now)", not "the query is wrong". */
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections; and
// class 08 (connection exception) below.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/i, // "Connection terminated unexpectedly", "... due to connection timeout"
  /^timeout exceeded when trying to connect/i, // pg-pool: no connection within connectionTimeoutMillis
  /is not queryable/i, // a client that already lost its connection
  /^the database system is (shutting down|starting up|in recovery mode|not yet accepting connections)/i,
  /^terminating connection due to (administrator command|unexpected postmaster exit|crash of another server process)/i,
];

/**
 * True when an error means PostgreSQL could not be reached or dropped the connection (the request can be
 * retried later), as opposed to a fault in the query or the data. Looks through TypeORM's `driverError`,
 * `cause` chains and `AggregateError`s (a host name with several addresses).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08') || UNAVAILABLE_ERRNOS.has(code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

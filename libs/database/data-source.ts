import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityList = MixedList<Function | string | EntitySchema>;

export interface DataSourceParams {
  url: string;
  entities: EntityList;
  migrations?: MixedList<Function>;
  poolSize?: number;
  applicationName: string;
}

/** synchronize is off everywhere: the schema changes only through committed migrations. */
export function createDataSource(params: DataSourceParams): DataSource {
  return new DataSource({
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
    extra: { max: params.poolSize ?? 10, connectionTimeoutMillis: 5000 },
  });
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

import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { REDIS } from '#libs/queue';
import { createDataSource, describeDatabase, type EntityList } from './data-source.js';
import { READ_DATA_SOURCE } from './read-replica.js';
import { TenantTransactions } from './tenant-transactions.js';
import { MemoryWriteFences, RedisWriteFences, WRITE_FENCES } from './write-fences.js';

export class DatabaseUnavailableError extends Error {
  constructor(target: string, cause: unknown) {
    super(`Cannot connect to ${target}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'DatabaseUnavailableError';
  }
}

/** The app role's data source (RLS applies to it) and the tenant transaction runner. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(READ_DATA_SOURCE) private readonly readSource: DataSource | null,
  ) {}

  static forRoot(entities: EntityList, applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            const dataSource = createDataSource({
              url: config.databaseUrl,
              entities,
              applicationName,
              preparedStatements: config.databasePreparedStatements,
            });
            try {
              return await dataSource.initialize();
            } catch (error) {
              throw new DatabaseUnavailableError(describeDatabase(config.databaseUrl), error);
            }
          },
        },
        {
          // The read replica (docs/scaling.md, Read replicas): like the primary, it must answer at boot.
          provide: READ_DATA_SOURCE,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            if (!config.databaseReadUrl) return null;
            const replica = createDataSource({
              url: config.databaseReadUrl,
              entities,
              applicationName: `${applicationName}-read`,
              preparedStatements: config.databasePreparedStatements,
            });
            try {
              return await replica.initialize();
            } catch (error) {
              throw new DatabaseUnavailableError(`the read replica, ${describeDatabase(config.databaseReadUrl)}`, error);
            }
          },
        },
        {
          // Shared through Redis, so a write through one process fences reads through every other.
          provide: WRITE_FENCES,
          inject: [APP_CONFIG, { token: REDIS, optional: true }],
          useFactory: (config: AppConfig, redis?: Redis) => (config.databaseReadUrl ? (redis ? new RedisWriteFences(redis) : new MemoryWriteFences()) : null),
        },
        TenantTransactions,
      ],
      exports: [DataSource, READ_DATA_SOURCE, WRITE_FENCES, TenantTransactions],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.readSource?.isInitialized) await this.readSource.destroy();
  }
}

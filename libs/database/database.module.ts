import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { createDataSource, describeDatabase, type EntityList } from './data-source.js';
import { TenantTransactions } from './tenant-transactions.js';

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
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(entities: EntityList, applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            const dataSource = createDataSource({ url: config.databaseUrl, entities, applicationName });
            try {
              return await dataSource.initialize();
            } catch (error) {
              throw new DatabaseUnavailableError(describeDatabase(config.databaseUrl), error);
            }
          },
        },
        TenantTransactions,
      ],
      exports: [DataSource, TenantTransactions],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

// The migration step: `node dist/libs/database/migrate.cli.js`. Runs as the owner role, never at app start.
import 'reflect-metadata';
import { createLogger, loadConfigOrExit } from '#libs/core';
import { allMigrations } from '../../migrations/index.js';
import { createDataSource, describeDatabase } from './data-source.js';
import { runMigrations } from './migrate.js';

async function main(): Promise<number> {
  const config = loadConfigOrExit('migrate');
  const logger = createLogger(config.logLevel);
  const dataSource = createDataSource({
    url: config.migrationDatabaseUrl,
    // Migrations are SQL and must not depend on today's entities; leaving them out also keeps this lib below
    // libs/entities (which imports every lib, each of which imports this one).
    entities: [],
    migrations: allMigrations,
    poolSize: 2,
    applicationName: 'migrate',
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    logger.fatal({ err: (error as Error).message }, `Cannot connect to ${describeDatabase(config.migrationDatabaseUrl)}`);
    return 1;
  }
  try {
    const applied = await runMigrations(dataSource, config.migrationDatabaseUrl);
    logger.info({ applied }, applied.length ? `Applied ${applied.length} migration(s)` : 'Database schema is up to date');
    return 0;
  } catch (error) {
    logger.fatal({ err: (error as Error).message }, 'Migration failed; the failed migration was rolled back');
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

process.exitCode = await main();

// Seeds the demo school: `node dist/libs/demo/seed.cli.js`. Refuses to run in production.
import 'reflect-metadata';
import { createLogger, loadConfigOrExit } from '#libs/core';
import { createDataSource } from '#libs/database';
import { allEntities } from '#libs/entities';
import { seedDemo } from './demo-seed.js';

const config = loadConfigOrExit('api');
const logger = createLogger(config.logLevel);
if (config.nodeEnv === 'production') {
  logger.error('The demo school is never seeded in production');
  process.exit(1);
}
const dataSource = await createDataSource({ url: config.databaseUrl, entities: allEntities, applicationName: 'seed-demo', poolSize: 2 }).initialize();
try {
  logger.info({ outcome: await seedDemo(dataSource) }, 'Demo school');
} finally {
  await dataSource.destroy();
}

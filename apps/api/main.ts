import 'reflect-metadata';
import { createLogger, loadConfigOrExit } from '#libs/core';
import { createApiApp } from './app.factory.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit('api');
  const logger = createLogger(config.logLevel);
  try {
    const app = await createApiApp({ config, logger });
    await app.listen(config.apiPort, config.apiHost);
    logger.info({ url: await app.getUrl() }, `API listening; docs at ${config.publicUrl}/docs`);
  } catch (error) {
    // Names the dependency (PostgreSQL or Redis) that stopped the start, then exits non-zero.
    logger.fatal({ err: { type: (error as Error).name, message: (error as Error).message } }, 'API failed to start');
    process.exit(1);
  }
}

await main();

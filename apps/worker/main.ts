import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonLogger, createLogger, loadConfigOrExit } from '#libs/core';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit('worker');
  const logger = createLogger(config.logLevel);
  try {
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), { logger: new JsonLogger(logger), abortOnError: false });
    app.enableShutdownHooks();
    logger.info('Worker started');
  } catch (error) {
    logger.fatal({ err: { type: (error as Error).name, message: (error as Error).message } }, 'Worker failed to start');
    process.exit(1);
  }
}

await main();

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
    stopWithin(config.workerStopDeadlineMs, logger);
    logger.info('Worker started');
  } catch (error) {
    logger.fatal({ err: { type: (error as Error).name, message: (error as Error).message } }, 'Worker failed to start');
    process.exit(1);
  }
}

/**
 * On SIGTERM or SIGINT Nest closes the worker (enableShutdownHooks): each queue's BullMQ worker waits for its
 * running jobs, then disconnects. A job waiting on a mail server that never answers, or a Redis connection that
 * never ends (taskforcesh/bullmq#4656), would keep that close, and the process, waiting for ever and hold its
 * deployment up. So it has a deadline (WORKER_STOP_DEADLINE_MS), after which the process exits as if it had
 * crashed, which the worker is built to survive: every job is safe to run again, and a delivery leased to it
 * is taken over once its lease ends (docs/scaling.md, *Stateless API and worker replicas*).
 */
function stopWithin(deadlineMs: number, logger: ReturnType<typeof createLogger>): void {
  const arm = (signal: NodeJS.Signals) =>
    setTimeout(() => {
      logger.error({ signal, deadlineMs }, 'Worker did not stop in time; exiting');
      process.exit(1);
    }, deadlineMs).unref();
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}

await main();

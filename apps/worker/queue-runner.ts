import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { requestContext, type Logger } from '#libs/core';
import { QUEUE_JOBS, createRedis, type JobName, type JobPayload } from '#libs/queue';

export type JobHandler = (job: Job<JobPayload>) => Promise<unknown>;
export type JobHandlers = Partial<Record<JobName, JobHandler>>;
type QueueName = keyof typeof QUEUE_JOBS;

export interface QueueRunnerOptions {
  queue: QueueName;
  handlers: JobHandlers;
  redisUrl: string;
  /** One prefix for every queue: with a hash tag ({sen}) every queue key is in one Redis Cluster slot. */
  prefix: string;
  concurrency: number;
  /** Names the Redis connections (`<name>-queue`, `<name>-consumer`) as Redis's CLIENT LIST shows them. */
  connectionName: string;
  logger: Logger;
  /** How logs name the queue's work: 'Notification' gives 'Notification job failed'. */
  what: string;
}

/**
 * One queue's producer and consumer, the way every worker job runs: the handler map checked against the
 * queue's job names, each job run in a request context carrying its correlation id and school (so logs and
 * audit rows are attributed as a request's are), failures logged by code only, and the Redis connections
 * closed at shutdown (BullMQ does not close connections it was handed).
 */
export class QueueRunner {
  readonly queue: Queue<JobPayload>;
  private readonly worker: Worker<JobPayload>;
  private readonly connections: Redis[] = [];

  constructor(private readonly options: QueueRunnerOptions) {
    assertOneHandlerPerJob(Object.keys(options.handlers), QUEUE_JOBS[options.queue]);
    const { queue, prefix, concurrency, connectionName, logger, what } = options;
    this.queue = new Queue<JobPayload>(queue, { connection: this.connect(`${connectionName}-queue`), prefix });
    this.worker = new Worker<JobPayload>(queue, (job) => runJob(options.handlers, job), {
      connection: this.connect(`${connectionName}-consumer`),
      concurrency,
      prefix,
    });
    this.worker.on('failed', (job, err) =>
      logger.warn({ queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: errorCode(err) }, `${what} job failed`),
    );
    this.worker.on('error', (err) => logger.error({ queue, err: errorCode(err) }, `${what} worker error`));
  }

  /**
   * Adds the jobs in bulks of at most `size`, one after another. One addBulk of every school's scan job (24,000
   * at England's scale) builds every command in memory at once: 265 MB of RSS in a bare process against 147–160 MB
   * in bulks of 1,000, which were also no slower (docs/performance.md, stop 38). Job ids are deterministic, so a
   * retry after a failure part-way adds only what is missing.
   */
  async addInBulks(jobs: Parameters<Queue<JobPayload>['addBulk']>[0], size = 1000): Promise<void> {
    for (let i = 0; i < jobs.length; i += size) await this.queue.addBulk(jobs.slice(i, i + size));
  }

  private connect(name: string): Redis {
    const connection = createRedis(this.options.redisUrl, name);
    this.connections.push(connection);
    return connection;
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

/** Runs one job with its handler, inside a request context, as the HTTP layer runs a request. */
export function runJob(handlers: JobHandlers, job: Job<JobPayload>): Promise<unknown> {
  const handler = handlers[job.name as JobName];
  if (!handler) throw new Error(`No handler for job ${job.name}`);
  return requestContext.run({ requestId: job.data.correlationId ?? String(job.id), schoolId: job.data.schoolId }, () => handler(job));
}

/** Every job of a queue has exactly one handler, and no handler exists for a job the queue does not carry. */
export function assertOneHandlerPerJob(handled: string[], expected: readonly JobName[]): void {
  const missing = expected.filter((name) => !handled.includes(name));
  const unknown = handled.filter((name) => !(expected as readonly string[]).includes(name));
  const duplicated = handled.filter((name, i) => handled.indexOf(name) !== i);
  if (missing.length || unknown.length || duplicated.length) {
    throw new Error(
      `Job handlers do not match job names: missing [${missing.join(',')}], unknown [${unknown.join(',')}], duplicated [${duplicated.join(',')}]`,
    );
  }
}

/**
 * What failed, without the message: an SMTP reply echoes the recipient's address, and a database error can
 * quote a row's values. The delivery log keeps the detail where staff can see it; logs get codes only.
 */
export function errorCode(err: unknown): string {
  const e = err as { name?: string; code?: string | number; responseCode?: number };
  return [e.name ?? 'Error', e.responseCode, e.code].filter((x) => x !== undefined && x !== '').join(' ');
}

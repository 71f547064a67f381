import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, LOGGER, requestContext, type AppConfig, type Logger } from '#libs/core';
import { RetentionService } from '#libs/privacy';
import { dateInZone } from '#libs/register';
import { JOBS, QUEUES, QUEUE_JOBS, REDIS, WORKER_HEARTBEAT_KEY, createRedis, type JobName, type JobPayload } from '#libs/queue';

type Handler = (job: Job<JobPayload>) => Promise<unknown>;

/**
 * Platform maintenance jobs. Recurring work uses Job Schedulers (upsertJobScheduler is idempotent, so
 * several workers starting at once leave one schedule, not several).
 */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: Worker;
  private queue?: Queue;
  /** BullMQ does not close connections it was handed, so they are closed here. */
  private readonly connections: Redis[] = [];

  readonly handlers: Partial<Record<JobName, Handler>> = {
    [JOBS.heartbeat]: async () => this.redis.set(WORKER_HEARTBEAT_KEY, String(Date.now())),
    [JOBS.purgeExpiredSessions]: async () => {
      // refresh_sessions is not tenant-owned (no school data), so no tenant scope is needed here.
      // A delete answers [rows, affected count].
      const result = await this.dataSource.query<unknown>(`delete from refresh_sessions where expires_at < now() - interval '7 days'`);
      return { deleted: Array.isArray(result) ? Number(result[1]) : 0 };
    },
    // Lists only: nothing is erased until the head approves an item.
    [JOBS.retentionScan]: async () => this.retention.scanAll((timezone) => dateInZone(this.clock.now(), timezone)),
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly dataSource: DataSource,
    private readonly retention: RetentionService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    assertOneHandlerPerJob(Object.keys(this.handlers), QUEUE_JOBS.maintenance);
    const connection = this.connect('worker-queue');
    // The same prefix as the notifications queue: with a hash tag ({sen}) every queue key is in one Redis Cluster slot.
    this.queue = new Queue(QUEUES.maintenance, { connection, prefix: this.config.notify.queuePrefix });
    await this.queue.upsertJobScheduler('heartbeat', { every: 60_000 }, { name: JOBS.heartbeat, data: { correlationId: 'scheduler:heartbeat' } });
    await this.queue.upsertJobScheduler(
      'purge-expired-sessions',
      { pattern: '15 3 * * *', tz: 'Europe/London' },
      { name: JOBS.purgeExpiredSessions, data: { correlationId: 'scheduler:purge-expired-sessions' } },
    );
    await this.queue.upsertJobScheduler(
      'retention-scan',
      { pattern: '30 2 * * *', tz: 'Europe/London' },
      { name: JOBS.retentionScan, data: { correlationId: 'scheduler:retention-scan' } },
    );
    this.worker = new Worker<JobPayload>(QUEUES.maintenance, (job) => this.process(job), {
      connection: this.connect('worker-consumer'),
      concurrency: 2,
      prefix: this.config.notify.queuePrefix,
    });
    this.worker.on('failed', (job, error) => this.logger.error({ job: job?.name, jobId: job?.id, err: error.message }, 'Job failed'));
    // A heartbeat at start, so readiness sees a live worker without waiting a minute.
    await this.queue.add(JOBS.heartbeat, { correlationId: 'boot' }, { removeOnComplete: 10, removeOnFail: 100 });
  }

  private process(job: Job<JobPayload>): Promise<unknown> {
    const handler = this.handlers[job.name as JobName];
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    return requestContext.run({ requestId: job.data.correlationId ?? String(job.id), schoolId: job.data.schoolId }, () => handler(job));
  }

  private connect(name: string): Redis {
    const connection = createRedis(this.config.redisUrl, name);
    this.connections.push(connection);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

/** Every job of a queue has exactly one handler, and no handler exists for a job the queue does not carry. */
export function assertOneHandlerPerJob(handled: string[], expected: readonly JobName[]): void {
  const missing = expected.filter((name) => !handled.includes(name));
  const unknown = handled.filter((name) => !(expected as readonly string[]).includes(name));
  const duplicated = handled.filter((name, i) => handled.indexOf(name) !== i);
  if (missing.length || unknown.length || duplicated.length) {
    throw new Error(`Job handlers do not match job names: missing [${missing.join(',')}], unknown [${unknown.join(',')}], duplicated [${duplicated.join(',')}]`);
  }
}

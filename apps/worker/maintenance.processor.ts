import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, dateInZone, LOGGER, type AppConfig, type Logger } from '#libs/core';
import { RetentionService } from '#libs/privacy';
import { JOBS, QUEUES, REDIS, WORKER_HEARTBEAT_KEY } from '#libs/queue';
import { QueueRunner, type JobHandlers } from './queue-runner.js';

/**
 * Platform maintenance jobs. Recurring work uses Job Schedulers (upsertJobScheduler is idempotent, so
 * several workers starting at once leave one schedule, not several).
 */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private runner?: QueueRunner;

  readonly handlers: JobHandlers = {
    // Liveness is real time, not the Clock tests move: the API compares it with its own wall clock.
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
    // The same prefix as the notifications queue: with a hash tag ({sen}) every queue key is in one Redis Cluster slot.
    this.runner = new QueueRunner({
      queue: QUEUES.maintenance,
      handlers: this.handlers,
      redisUrl: this.config.redisUrl,
      prefix: this.config.notify.queuePrefix,
      concurrency: 2,
      connectionName: 'worker',
      logger: this.logger,
      what: 'Maintenance',
    });
    const queue = this.runner.queue;
    await queue.upsertJobScheduler('heartbeat', { every: 60_000 }, { name: JOBS.heartbeat, data: { correlationId: 'scheduler:heartbeat' } });
    await queue.upsertJobScheduler(
      'purge-expired-sessions',
      { pattern: '15 3 * * *', tz: 'Europe/London' },
      { name: JOBS.purgeExpiredSessions, data: { correlationId: 'scheduler:purge-expired-sessions' } },
    );
    await queue.upsertJobScheduler(
      'retention-scan',
      { pattern: '30 2 * * *', tz: 'Europe/London' },
      { name: JOBS.retentionScan, data: { correlationId: 'scheduler:retention-scan' } },
    );
    // A heartbeat at start, so readiness sees a live worker without waiting a minute.
    await queue.add(JOBS.heartbeat, { correlationId: 'boot' }, { removeOnComplete: 10, removeOnFail: 100 });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.close();
  }
}

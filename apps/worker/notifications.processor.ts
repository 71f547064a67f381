import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, Clock, LOGGER, requestContext, type AppConfig, type Logger } from '#libs/core';
import { DeliveriesService, Mailer, OutboxRelay, ReviewScanService, type RelayedEvent } from '#libs/notifications';
import { AnnualReviewScan } from '#libs/ehc-plans';
import { EVENT_TYPES } from '#libs/outbox';
import { PrivacyEvents } from '#libs/privacy';
import { ReportRendersService } from '#libs/reports';
import { JOBS, QUEUES, QUEUE_JOBS, createRedis, type JobName, type JobPayload } from '#libs/queue';
import { dateInZone } from '#libs/register';
import { assertOneHandlerPerJob } from './maintenance.processor.js';

type Handler = (job: Job<JobPayload>) => Promise<unknown>;

/**
 * Notifications, end to end in the worker: the outbox relay (a short poll of committed events), the fan-out of
 * each event into deliveries, each delivery's send, the daily review scan, and a sweep that re-queues work
 * whose jobs were lost. Job ids are deterministic, and every step is idempotent, so a retry, a second worker
 * or a Redis restart neither loses a message nor sends one twice (email's one honest exception is flagged).
 */
@Injectable()
export class NotificationsProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private queue?: Queue<JobPayload>;
  private worker?: Worker<JobPayload>;
  private readonly connections: Redis[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private relaying = false;
  private sweeping = false;
  private stopped = false;

  readonly handlers: Partial<Record<JobName, Handler>> = {
    [JOBS.fanOut]: async (job) => {
      const { schoolId, eventId, eventType, round = 0 } = job.data;
      // Not every event is a notification: a report render, a subject access export or an approved erasure is
      // carried out here, once. A job without the type (queued before jobs carried it) asks each handler.
      const is = (...types: string[]) => eventType === undefined || types.includes(eventType);
      if (is(EVENT_TYPES.reportRenderRequested) && (await this.renders.handle(schoolId!, eventId!))) return { rendered: true };
      if (is(EVENT_TYPES.subjectAccessRequested, EVENT_TYPES.erasureApproved) && (await this.privacy.handle(schoolId!, eventId!))) return { privacy: true };
      const ids = await this.deliveries.fanOut(schoolId!, eventId!);
      await this.queue!.addBulk(ids.map((deliveryId) => ({
        name: JOBS.deliver,
        data: { correlationId: job.data.correlationId, schoolId, deliveryId, round },
        opts: this.jobOptions(round === 0 ? `deliver_${deliveryId}` : `deliver_${deliveryId}_${round}`),
      })));
      return { deliveries: ids.length };
    },
    [JOBS.deliver]: async (job) => {
      const finalAttempt = job.attemptsMade + 1 >= this.config.notify.attempts;
      return { outcome: await this.deliveries.deliver(job.data.schoolId!, job.data.deliveryId!, this.mailer, { leaseMs: this.config.notify.leaseMs, finalAttempt }) };
    },
    [JOBS.reviewScan]: async (job) => {
      const schools = await this.scan.schools();
      await this.queue!.addBulk(schools.map((s) => {
        const day = job.data.asOf ?? dateInZone(this.clock.now(), s.timezone);
        return { name: JOBS.reviewScanSchool, data: { correlationId: job.data.correlationId, schoolId: s.id, asOf: day }, opts: this.jobOptions(`scan_${s.id}_${day}`) };
      }));
      return { schools: schools.length };
    },
    // SEN Support reviews, then the deadlines of EHC plan reviews (each idempotent, so a retry of the job is safe).
    [JOBS.reviewScanSchool]: async (job) => ({ ...(await this.scan.scanSchool(job.data.schoolId!, job.data.asOf!)), ehc: await this.ehcScan.scanSchool(job.data.schoolId!, job.data.asOf!) }),
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly deliveries: DeliveriesService,
    private readonly relay: OutboxRelay,
    private readonly scan: ReviewScanService,
    private readonly ehcScan: AnnualReviewScan,
    private readonly renders: ReportRendersService,
    private readonly privacy: PrivacyEvents,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    assertOneHandlerPerJob(Object.keys(this.handlers), QUEUE_JOBS.notifications);
    // Off only where another worker owns notifications (a test of something else).
    if (!this.config.notify.enabled) return;
    const prefix = this.config.notify.queuePrefix;
    this.queue = new Queue<JobPayload>(QUEUES.notifications, { connection: this.connect('notifications-queue'), prefix });
    await this.queue.upsertJobScheduler('review-scan', { pattern: '0 7 * * *', tz: 'Europe/London' }, { name: JOBS.reviewScan, data: { correlationId: 'scheduler:review-scan' } });
    this.worker = new Worker<JobPayload>(QUEUES.notifications, (job) => this.process(job), { connection: this.connect('notifications-consumer'), concurrency: 8, prefix });
    this.worker.on('failed', (job, err) => this.logger.warn({ job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: errorCode(err) }, 'Notification job failed'));
    this.worker.on('error', (err) => this.logger.error({ err: errorCode(err) }, 'Notification worker error'));
    this.timers.push(setInterval(() => void this.relayTick(), this.config.notify.relayIntervalMs));
    this.timers.push(setInterval(() => void this.sweepTick(), this.config.notify.sweepIntervalMs));
  }

  /** Committed outbox events to fan-out jobs. A failure (Redis away) leaves them for the next tick. */
  async relayTick(): Promise<number> {
    if (this.relaying || this.stopped) return 0;
    this.relaying = true;
    try {
      let total = 0;
      for (;;) {
        const n = await this.relay.relayOnce((events) => this.enqueueFanOut(events, 0));
        total += n;
        if (n < 200 || this.stopped) return total;
      }
    } catch (err) {
      this.logger.warn({ err: errorCode(err) }, 'Outbox relay failed; will retry');
      return 0;
    } finally {
      this.relaying = false;
    }
  }

  /** Events relayed long ago and still incomplete are fanned out again, with fresh job ids. */
  async sweepTick(): Promise<number> {
    if (this.sweeping || this.stopped) return 0;
    this.sweeping = true;
    try {
      const staleAfter = this.config.notify.staleAfterMs;
      const stale = await this.relay.stale(new Date(Date.now() - staleAfter));
      if (stale.length > 0) await this.enqueueFanOut(stale, Math.floor(Date.now() / staleAfter));
      return stale.length;
    } catch (err) {
      this.logger.warn({ err: errorCode(err) }, 'Notification sweep failed; will retry');
      return 0;
    } finally {
      this.sweeping = false;
    }
  }

  /** Adds the review scan of one school for one day (what the daily schedule does, for a chosen day). */
  async scanNow(asOf: string): Promise<void> {
    await this.queue!.add(JOBS.reviewScan, { correlationId: `scan:${asOf}`, asOf }, this.jobOptions(`scan_all_${asOf}`));
  }

  private async enqueueFanOut(events: RelayedEvent[], round: number): Promise<void> {
    await this.queue!.addBulk(events.map((e) => ({
      name: JOBS.fanOut,
      data: { correlationId: `event:${e.id}`, schoolId: e.schoolId, eventId: e.id, eventType: e.type, round },
      opts: this.jobOptions(round === 0 ? `fanout_${e.id}` : `fanout_${e.id}_${round}`),
    })));
  }

  private jobOptions(jobId: string): JobsOptions {
    return {
      jobId,
      attempts: this.config.notify.attempts,
      backoff: { type: 'exponential', delay: this.config.notify.backoffMs },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    };
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
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.worker?.close();
    await this.queue?.close();
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
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

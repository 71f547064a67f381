import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import { APP_CONFIG, Clock, dateInZone, LOGGER, type AppConfig, type Logger } from '#libs/core';
import { AnnualReviewScan } from '#libs/ehc-plans';
import { EhcRequestClockScan } from '#libs/ehc-requests';
import { DeliveriesService, Mailer, ReviewScanService } from '#libs/notifications';
import { OutboxEventRegistry, OutboxRelay, type RelayedEvent } from '#libs/outbox';
import { JOBS, JOB_PRIORITY, QUEUES, QUEUE_JOBS, type JobName } from '#libs/queue';
import { DeliveryBatcher } from './delivery-batcher.js';
import { notificationJobOptions } from './job-options.js';
import { QueueRunner, assertOneHandlerPerJob, errorCode, type JobHandlers } from './queue-runner.js';

/**
 * How many fan-out and scan jobs run at once: a fan-out can render a report's PDF, so these keep the concurrency
 * the queue had before deliver jobs were batched, and the worker's memory with it.
 */
const OTHER_JOBS = 8;

/** At most `size` tasks at once; the rest wait their turn, first come first served. */
class Slots {
  private free: number;
  private readonly queue: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}

/**
 * Notifications, end to end in the worker: the outbox relay (a short poll of committed events), the fan-out of
 * each event into deliveries, each delivery's send, the daily review scan, and a sweep that re-queues work
 * whose jobs were lost. Job ids are deterministic, and every step is idempotent, so a retry, a second worker
 * or a Redis restart neither loses a message nor sends one twice (email's one honest exception is flagged).
 */
@Injectable()
export class NotificationsProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private runner?: QueueRunner;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Deliver jobs running at once go out in batches (delivery-batcher.ts). */
  readonly batcher = new DeliveryBatcher((jobs) => this.deliveries.deliverMany(jobs, this.mailer, { leaseMs: this.config.notify.leaseMs }));
  /** Fan-out and scan jobs, at most OTHER_JOBS at once however many deliver jobs run beside them. */
  private readonly others = new Slots(OTHER_JOBS);
  private relaying = false;
  private sweeping = false;
  private stopped = false;

  readonly handlers: JobHandlers = {
    [JOBS.fanOut]: async (job) => {
      const { schoolId, eventId, correlationId, round = 0 } = job.data;
      // Each event type has one handler, declared by its lib (OutboxEventRegistry). A job queued before jobs
      // carried the type reads it from the event.
      // A job with no school is an account email to someone in no school (a platform admin, a trust lead).
      const type = job.data.eventType ?? (await this.relay.typeOf(schoolId ?? null, eventId!));
      if (type === null) return { missing: true };
      const outcome = await this.events.handlerFor(type).handleOutboxEvent({ schoolId: schoolId ?? null, eventId: eventId!, correlationId, round });
      const followUps = outcome.followUps ?? [];
      if (followUps.length > 0) {
        await this.runner!.addInBulks(followUps.map((f) => ({ name: f.name, data: f.data, opts: this.jobOptions(f.jobId, f.name) })));
      }
      return outcome.result;
    },
    [JOBS.deliver]: async (job) => {
      const finalAttempt = job.attemptsMade + 1 >= this.config.notify.attempts;
      return { outcome: await this.batcher.submit({ schoolId: job.data.schoolId ?? null, deliveryId: job.data.deliveryId!, finalAttempt }) };
    },
    [JOBS.reviewScan]: async (job) => {
      const schools = await this.scan.schools();
      await this.runner!.addInBulks(
        schools.map((s) => {
          const day = job.data.asOf ?? dateInZone(this.clock.now(), s.timezone);
          return {
            name: JOBS.reviewScanSchool,
            data: { correlationId: job.data.correlationId, schoolId: s.id, asOf: day },
            opts: this.jobOptions(`scan_${s.id}_${day}`, JOBS.reviewScanSchool),
          };
        }),
      );
      return { schools: schools.length };
    },
    // SEN Support reviews, then the EHC request clocks and the deadlines of EHC plan reviews ride on the same daily
    // per-school job (each scan is idempotent, so a retry of the job is safe).
    [JOBS.reviewScanSchool]: async (job) => {
      const { schoolId, asOf } = job.data;
      return {
        ...(await this.scan.scanSchool(schoolId!, asOf!)),
        ehcRequests: await this.ehcScan.scanSchool(schoolId!, asOf!),
        ehcReviews: await this.annualReviewScan.scanSchool(schoolId!, asOf!),
      };
    },
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly deliveries: DeliveriesService,
    private readonly relay: OutboxRelay,
    private readonly scan: ReviewScanService,
    private readonly events: OutboxEventRegistry,
    private readonly annualReviewScan: AnnualReviewScan,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly ehcScan: EhcRequestClockScan,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Checked even when off, so a worker that does not run notifications still refuses a broken handler map.
    assertOneHandlerPerJob(Object.keys(this.handlers), QUEUE_JOBS.notifications);
    // Off only where another worker owns notifications (a test of something else).
    if (!this.config.notify.enabled) return;
    const handlers: JobHandlers = Object.fromEntries(
      Object.entries(this.handlers).map(([name, handler]) => [name, name === JOBS.deliver ? handler : (job) => this.others.run(() => handler(job))]),
    );
    this.runner = new QueueRunner({
      queue: QUEUES.notifications,
      handlers,
      redisUrl: this.config.redisUrl,
      prefix: this.config.notify.queuePrefix,
      // Enough deliver jobs at once to fill a batch; fan-out and scans keep their eight (OTHER_JOBS).
      concurrency: 256,
      connectionName: 'notifications',
      logger: this.logger,
      what: 'Notification',
    });
    await this.runner.queue.upsertJobScheduler(
      'review-scan',
      { pattern: '0 7 * * *', tz: 'Europe/London' },
      { name: JOBS.reviewScan, data: { correlationId: 'scheduler:review-scan' }, opts: { priority: JOB_PRIORITY[JOBS.reviewScan] } },
    );
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
      // Real time, not the Clock tests move: relayed_at is the database's now(), and rounds must keep advancing.
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
    await this.runner!.queue.add(JOBS.reviewScan, { correlationId: `scan:${asOf}`, asOf }, this.jobOptions(`scan_all_${asOf}`, JOBS.reviewScan));
  }

  private async enqueueFanOut(events: RelayedEvent[], round: number): Promise<void> {
    await this.runner!.addInBulks(
      events.map((e) => ({
        name: JOBS.fanOut,
        data: { correlationId: `event:${e.id}`, ...(e.schoolId === null ? {} : { schoolId: e.schoolId }), eventId: e.id, eventType: e.type, round },
        opts: this.jobOptions(round === 0 ? `fanout_${e.id}` : `fanout_${e.id}_${round}`, JOBS.fanOut),
      })),
    );
  }

  private jobOptions(jobId: string, name: JobName): JobsOptions {
    return notificationJobOptions(this.config.notify, jobId, name);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.runner?.close();
  }
}

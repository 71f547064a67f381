import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { JOBS, type JobName, type JobPayload } from '#libs/queue';
import { notificationJobOptions } from '../apps/worker/job-options.js';

/**
 * An email waiting to be sent never waits behind a backlog of fan-out or scan jobs (issue 24): the options the
 * worker queues its jobs with, on a real Redis through BullMQ, with a worker that takes one job at a time.
 */
describe('notification job priorities', () => {
  const connection = new Redis(process.env.REDIS_URL ?? '', { maxRetriesPerRequest: null });
  const prefix = `prio-${randomUUID().slice(0, 8)}`;
  const queue = new Queue<JobPayload>('notifications', { connection, prefix });
  const notify = { attempts: 3, backoffMs: 1000 };

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  });

  it('a delivery queued after a backlog of fan-outs and scans is sent first, and the backlog keeps its order by kind', async () => {
    const add = (name: JobName, id: string) => queue.add(name, { correlationId: id }, notificationJobOptions(notify, id, name));
    for (let i = 0; i < 30; i++) await add(JOBS.fanOut, `fanout_${i}`);
    for (let i = 0; i < 10; i++) await add(JOBS.reviewScanSchool, `scan_${i}`);
    await add(JOBS.reviewScan, 'scan_all');
    await add(JOBS.deliver, 'deliver_late');

    const order: string[] = [];
    const workerConnection = connection.duplicate();
    const worker = new Worker<JobPayload>(
      'notifications',
      async (job) => {
        order.push(job.id!);
        return Promise.resolve();
      },
      { connection: workerConnection, prefix, concurrency: 1 },
    );
    try {
      const deadline = Date.now() + 20_000;
      while (order.length < 42 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.close();
      workerConnection.disconnect();
    }
    expect(order).toHaveLength(42);
    expect(order[0]).toBe('deliver_late');
    // Then every fan-out (first in, first out), then the per-school scans, then the scan that makes them.
    expect(order.slice(1, 31)).toEqual(Array.from({ length: 30 }, (_, i) => `fanout_${i}`));
    expect(order.slice(31, 41).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `scan_${i}`).sort());
    expect(order[41]).toBe('scan_all');
  });

  it('every option the worker relies on is kept: the id, retries with backoff, and what BullMQ keeps', () => {
    expect(notificationJobOptions(notify, 'deliver_x', JOBS.deliver)).toEqual({
      jobId: 'deliver_x',
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    });
    expect(notificationJobOptions(notify, 'fanout_x', JOBS.fanOut).priority).toBe(1);
  });
});

import { randomUUID } from 'node:crypto';
import { createLogger } from '#libs/core';
import { JOBS } from '#libs/queue';
import { QueueRunner } from '../apps/worker/queue-runner.js';

/**
 * Jobs added in bulks (QueueRunner.addInBulks): every school's scan job, 24,000 at England's scale, goes to Redis
 * a thousand at a time rather than in one pipeline built whole in memory; every job arrives once, in order, and
 * adding the same jobs again (a retried scan) adds none.
 */
it('adds every job once, in bulks of the given size, and a second time adds nothing', async () => {
  const prefix = `bulks-${randomUUID().slice(0, 8)}`;
  // The queue is paused before anything is added, so no handler takes a job: what reached Redis is counted.
  const runner = new QueueRunner({
    queue: 'notifications',
    handlers: Object.fromEntries([JOBS.fanOut, JOBS.deliver, JOBS.reviewScan, JOBS.reviewScanSchool].map((n) => [n, () => Promise.resolve()])),
    redisUrl: process.env.REDIS_URL ?? '',
    prefix,
    concurrency: 1,
    connectionName: 'bulks-test',
    logger: createLogger('silent'),
    what: 'Test',
  });
  try {
    await runner.queue.pause();
    const jobs = Array.from({ length: 2_345 }, (_, i) => ({
      name: JOBS.reviewScanSchool,
      data: { correlationId: 'test', schoolId: `school-${i}` },
      opts: { jobId: `scan_${i}`, priority: 2 },
    }));
    const sizes: number[] = [];
    const addBulk = runner.queue.addBulk.bind(runner.queue);
    runner.queue.addBulk = (bulk) => (sizes.push(bulk.length), addBulk(bulk));
    await runner.addInBulks(jobs, 1000);
    expect(sizes).toEqual([1000, 1000, 345]);
    const total = () => runner.queue.getJobCountByTypes('prioritized', 'waiting', 'active', 'completed', 'failed');
    expect(await total()).toBe(2_345);
    await runner.addInBulks(jobs, 1000);
    expect(await total()).toBe(2_345);
    const first = await runner.queue.getJobs(['prioritized'], 0, 2, true);
    expect(first.map((j) => j.id)).toEqual(['scan_0', 'scan_1', 'scan_2']);
  } finally {
    await runner.queue.obliterate({ force: true });
    await runner.close();
  }
});

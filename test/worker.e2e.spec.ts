import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createLogger, loadConfig } from '#libs/core';
import { QUEUE_JOBS, WORKER_HEARTBEAT_KEY } from '#libs/queue';
import { MaintenanceProcessor } from '../apps/worker/maintenance.processor.js';
import { assertOneHandlerPerJob } from '../apps/worker/queue-runner.js';
import { WorkerModule } from '../apps/worker/worker.module.js';
import { startTestApi } from './helpers/api.js';

describe('the worker', () => {
  let worker: INestApplicationContext;
  const redis = new Redis(process.env.REDIS_URL ?? '', { maxRetriesPerRequest: null });

  afterAll(async () => {
    await worker?.close();
    redis.disconnect();
  });

  it('boots with one handler per job, beats, and the API reports it up', async () => {
    await redis.del(WORKER_HEARTBEAT_KEY);
    // Notifications have their own suite, with their own SMTP server; here only the maintenance queue runs.
    const config = loadConfig('worker', { ...process.env, NOTIFICATIONS: 'off' });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createLogger('warn')), { logger: false });
    await worker.init();
    expect(Object.keys(worker.get(MaintenanceProcessor).handlers).sort()).toEqual(['heartbeat', 'purge-expired-sessions', 'retention-scan']);
    const deadline = Date.now() + 15_000;
    while (!(await redis.get(WORKER_HEARTBEAT_KEY)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(Number(await redis.get(WORKER_HEARTBEAT_KEY))).toBeGreaterThan(Date.now() - 60_000);

    const api = await startTestApi();
    try {
      const ready = await api.http().get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.checks).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' }, worker: { status: 'up' } });
      // A heartbeat older than three minutes is reported as a stalled worker.
      await redis.set(WORKER_HEARTBEAT_KEY, String(Date.now() - 10 * 60_000));
      expect((await api.http().get('/health/ready')).body.checks.worker.status).toBe('stale');
      expect((await api.http().get('/health/live')).body).toEqual({ status: 'ok' });
    } finally {
      await api.close();
    }
  });

  it('refuses to boot when a job has no handler, an unknown one, or two', () => {
    const jobs = QUEUE_JOBS.maintenance;
    expect(() => assertOneHandlerPerJob(['heartbeat', 'retention-scan'], jobs)).toThrow(/missing \[purge-expired-sessions\]/);
    expect(() => assertOneHandlerPerJob(['heartbeat', 'purge-expired-sessions', 'retention-scan', 'mystery'], jobs)).toThrow(/unknown \[mystery\]/);
    expect(() => assertOneHandlerPerJob(['heartbeat', 'heartbeat', 'purge-expired-sessions', 'retention-scan'], jobs)).toThrow(/duplicated \[heartbeat\]/);
    expect(() => assertOneHandlerPerJob(['retention-scan', 'purge-expired-sessions', 'heartbeat'], jobs)).not.toThrow();
    expect(() => assertOneHandlerPerJob(['fan-out', 'deliver', 'review-scan'], QUEUE_JOBS.notifications)).toThrow(/missing \[review-scan-school\]/);
  });
});

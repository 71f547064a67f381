import type { JobsOptions } from 'bullmq';
import { JOB_PRIORITY, type JobName } from '#libs/queue';
import type { AppConfig } from '#libs/core';

/**
 * A notifications job's options: its deterministic id (a retry or a second relay queues nothing twice), the
 * retry policy, how long BullMQ keeps it, and its priority (JOB_PRIORITY: a delivery is never behind fan-out or
 * scans).
 */
export function notificationJobOptions(notify: Pick<AppConfig['notify'], 'attempts' | 'backoffMs'>, jobId: string, name: JobName): JobsOptions {
  const priority = JOB_PRIORITY[name];
  return {
    jobId,
    ...(priority === undefined ? {} : { priority }),
    attempts: notify.attempts,
    backoff: { type: 'exponential', delay: notify.backoffMs },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 5000 },
  };
}

/**
 * Every queue and job name, in one place. The worker checks at boot that each job has exactly one handler.
 * Every job payload carries schoolId (where it concerns one school) and a correlation id.
 */
export const QUEUES = {
  maintenance: 'maintenance',
} as const;

export const JOBS = {
  /** Daily: delete refresh sessions a week past expiry. Platform-wide: sessions hold no school data. */
  purgeExpiredSessions: 'purge-expired-sessions',
  /** Every minute: proves the worker consumes jobs; /health/ready reports a stalled worker. */
  heartbeat: 'heartbeat',
} as const;

export type JobName = (typeof JOBS)[keyof typeof JOBS];
export const ALL_JOB_NAMES: readonly JobName[] = Object.values(JOBS);

export interface JobPayload {
  correlationId: string;
  schoolId?: string;
}

/** Redis key the worker's heartbeat job writes; the API's readiness check reads it. */
export const WORKER_HEARTBEAT_KEY = 'worker:heartbeat';

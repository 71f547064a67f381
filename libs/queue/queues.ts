/**
 * Every queue and job name, in one place. The worker checks at boot that each job of each queue has exactly
 * one handler. Every job payload carries schoolId (where it concerns one school) and a correlation id.
 */
export const QUEUES = {
  maintenance: 'maintenance',
  notifications: 'notifications',
} as const;

export const JOBS = {
  /** Daily: delete refresh sessions a week past expiry. Platform-wide: sessions hold no school data. */
  purgeExpiredSessions: 'purge-expired-sessions',
  /** Every minute: proves the worker consumes jobs; /health/ready reports a stalled worker. */
  heartbeat: 'heartbeat',
  /** One outbox event: write its deliveries and queue each (or, for a report render, make the file). */
  fanOut: 'fan-out',
  /** One delivery: send it (email) or put it in the inbox (in-app). */
  deliver: 'deliver',
  /** Daily at 07:00 in England: one review-scan-school job per school. */
  reviewScan: 'review-scan',
  /** One school's reviews: reminders before, notices when overdue. */
  reviewScanSchool: 'review-scan-school',
  /** Daily: list every school's SEN records past its retention rule, for the head to decide on. */
  retentionScan: 'retention-scan',
} as const;

export type JobName = (typeof JOBS)[keyof typeof JOBS];
export const ALL_JOB_NAMES: readonly JobName[] = Object.values(JOBS);

/** The jobs each queue carries; each queue's processor handles exactly these. */
export const QUEUE_JOBS: Record<(typeof QUEUES)[keyof typeof QUEUES], readonly JobName[]> = {
  maintenance: [JOBS.purgeExpiredSessions, JOBS.heartbeat, JOBS.retentionScan],
  notifications: [JOBS.fanOut, JOBS.deliver, JOBS.reviewScan, JOBS.reviewScanSchool],
};

/**
 * Order within a queue (BullMQ: a job with no priority goes first, then 1, 2, … in turn, first in first out
 * within each). An email waiting to be sent never waits behind the fan-out of a large import's notices or a
 * night's review scans: delivering is the only step a parent feels (issue 24).
 */
export const JOB_PRIORITY: Readonly<Partial<Record<JobName, number>>> = {
  [JOBS.fanOut]: 1,
  [JOBS.reviewScanSchool]: 2,
  [JOBS.reviewScan]: 3,
};

export interface JobPayload {
  correlationId: string;
  schoolId?: string;
  eventId?: string;
  /** The outbox event's type (absent in jobs queued before jobs carried it). */
  eventType?: string;
  deliveryId?: string;
  /** A sweep round: fresh job ids for work whose earlier jobs may have been lost. */
  round?: number;
  /** The school day a review scan is for (tests set it; the schedule uses today in the school's zone). */
  asOf?: string;
}

/** Redis key the worker's heartbeat job writes; the API's readiness check reads it. */
export const WORKER_HEARTBEAT_KEY = 'worker:heartbeat';

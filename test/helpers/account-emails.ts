import type { DataSource } from 'typeorm';
import { loadConfig, SystemClock, type AppConfig } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { DeliveriesService, NotificationPlanner, SmtpMailer } from '#libs/notifications';
import { TenancyService } from '#libs/tenancy';

/**
 * Sends a school's pending account emails as the worker does (fan-out, then each delivery exactly once), in
 * process and for that school only, so a suite running beside others needs no worker of its own. Returns how
 * many were sent now. With `finalAttempt: false` a temporary SMTP refusal leaves the delivery to be retried.
 * With no school (null), platform mail (a platform admin's, a trust lead's: platform_outbox_events) about `subjectId` only,
 * so suites running beside each other do not send each other's.
 */
export async function sendAccountEmails(
  dataSource: DataSource,
  schoolId: string | null,
  smtpUrl: string,
  options: { finalAttempt?: boolean; subjectId?: string } = {},
): Promise<number> {
  const tx = new TenantTransactions(dataSource);
  const config: AppConfig = { ...loadConfig('api'), smtpUrl, mailFrom: 'SEN Manager <noreply@test.invalid>', publicUrl: 'http://localhost:3000' };
  const deliveries = new DeliveriesService(tx, new NotificationPlanner(tx, new TenancyService(tx), config, new SystemClock()), new SystemClock());
  const mailer = new SmtpMailer(config);
  const scope = schoolId === null ? { schoolIds: [], outboxRelay: true } : { schoolIds: [schoolId], pupilAccess: 'all' as const };
  const events = await tx.run(scope, (m) =>
    schoolId === null
      ? m.query<{ id: string }[]>(
          `select id from platform_outbox_events where completed_at is null and ($1::uuid is null or subject_id = $1) order by occurred_at`,
          [options.subjectId ?? null],
        )
      : m.query<{ id: string }[]>(
          `select id from outbox_events where school_id = $1 and type = 'account.email' and completed_at is null
              and ($2::uuid is null or subject_id = $2) order by occurred_at`,
          [schoolId, options.subjectId ?? null],
        ),
  );
  let sent = 0;
  try {
    for (const e of events)
      for (const id of await deliveries.fanOut(schoolId, e.id))
        try {
          if ((await deliveries.deliver(schoolId, id, mailer, { leaseMs: 60_000, finalAttempt: options.finalAttempt ?? true })) === 'sent') sent += 1;
        } catch {
          // A temporary refusal on an attempt that is not the last: the delivery waits for its retry, as the worker's job would.
        }
  } finally {
    mailer.onModuleDestroy();
  }
  return sent;
}

/** The token of an emailed link (`…#token=<43 characters>`), or '' when there is none. */
export const emailedToken = (text: string) => /#token=([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? '';

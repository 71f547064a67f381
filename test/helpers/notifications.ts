import type { DataSource } from 'typeorm';
import { SystemClock, type AppConfig } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { CalendarService } from '#libs/interventions';
import { AuditService } from '#libs/audit';
import { DeliveriesService, Mailer, NotificationPlanner, ReviewScanService, type OutgoingEmail } from '#libs/notifications';
import { OutboxService } from '#libs/outbox';
import { TenancyService } from '#libs/tenancy';

/** Population only writes in-app messages; email is for the notification suites and their SMTP server. */
class NoEmail extends Mailer {
  send(_email: OutgoingEmail): Promise<void> {
    return Promise.reject(new Error('population sends no email'));
  }
}

/**
 * Gives every notifications table a row in one school, running the worker's own services in-process: the
 * review scan raises a reminder for the given day, each of the school's outbox events is fanned out into
 * deliveries, and in-app deliveries are put in inboxes. Returns a delivery and an inbox message id.
 */
export async function populateNotifications(dataSource: DataSource, schoolId: string, scanDay: string): Promise<{ deliveryId: string; messageId: string }> {
  const tx = new TenantTransactions(dataSource);
  const tenancy = new TenancyService(tx);
  const scan = new ReviewScanService(tx, new CalendarService(tx, new AuditService(tx)), new OutboxService(tx), tenancy);
  await scan.scanSchool(schoolId, scanDay);
  const deliveries = new DeliveriesService(
    tx,
    new NotificationPlanner(tx, tenancy, { publicUrl: 'http://localhost:3000' } as AppConfig, new SystemClock()),
    new SystemClock(),
  );
  const events = await tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, (m) =>
    m.query<{ id: string }[]>(`select id from outbox_events where school_id = $1 order by occurred_at`, [schoolId]),
  );
  for (const e of events) {
    for (const id of await deliveries.fanOut(schoolId, e.id))
      await deliveries.deliver(schoolId, id, new NoEmail(), { leaseMs: 60_000, finalAttempt: false }).catch(() => undefined);
  }
  return tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
    const [delivery] = await m.query<{ id: string }[]>(`select id from deliveries where school_id = $1 order by created_at limit 1`, [schoolId]);
    const [message] = await m.query<{ id: string }[]>(`select id from inbox_messages where school_id = $1 order by created_at limit 1`, [schoolId]);
    if (!delivery || !message) throw new Error('populating notifications made no delivery or no inbox message');
    return { deliveryId: delivery.id, messageId: message.id };
  });
}

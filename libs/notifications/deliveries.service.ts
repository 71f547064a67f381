import { Injectable } from '@nestjs/common';
import { Clock } from '#libs/core';
import { TenantTransactions, schoolScope, type SchoolScope } from '#libs/database';
import { OutboxEvent, PlatformOutboxEvent, type AnyOutboxEvent } from '#libs/outbox';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Delivery, PlatformDelivery, type AnyDelivery, type DeliveryColumns } from './delivery.entity.js';
import { OPEN, afterFinal, completeIfDone, lockDeliveries, markOutcomes, markSending, type Outcome, type Side } from './delivery-rows.js';
import { InboxMessage } from './inbox-message.entity.js';
import { Mailer, describeFailure, isPermanentRefusal } from './mailer.js';
import { NotificationPlanner } from './notification-planner.js';

/**
 * The worker's scope for an event's deliveries: its school's, or for an account email to someone in no school the
 * relay's, the one scope that sees platform mail (1765280000000-platform-mail-tables).
 */
const scopeOf = (schoolId: string | null) =>
  schoolId === null ? { schoolIds: [], outboxRelay: true } : { schoolIds: [schoolId], pupilAccess: 'all' as const };
/** The event, locked for the rest of the transaction: by its key (school_id, id), or by id for platform mail. */
function lockEvent(m: EntityManager, schoolId: string | null, id: string): Promise<AnyOutboxEvent | null> {
  if (schoolId === null) return m.createQueryBuilder(PlatformOutboxEvent, 'r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
  return m.createQueryBuilder(OutboxEvent, 'r').setLock('pessimistic_write').where('r.school_id = :schoolId and r.id = :id', { schoolId, id }).getOne();
}

type DeliveryChanges = QueryDeepPartialEntity<DeliveryColumns>;

export type DeliverOutcome = 'sent' | 'already-final' | 'busy' | 'failed' | 'bounced' | 'retrying';
/** What a delivery of a batch came to: an outcome, or a temporary failure its job throws so the queue retries it. */
export type DeliveryResult = Exclude<DeliverOutcome, 'retrying'> | { retry: unknown };
/** One delivery to send: its school (null for platform mail), and whether this is its job's last attempt. */
export interface DeliveryJob {
  schoolId: string | null;
  deliveryId: string;
  finalAttempt: boolean;
}

/**
 * Turns an event into deliveries and sends them. Each step is idempotent: the fan-out writes deliveries under
 * a unique key (event, recipient, channel), and a delivery is sent once — an in-app message in the same
 * transaction that marks it sent; an email with a fixed Message-ID, between a "sending" lease and "sent".
 * If the worker dies after the SMTP server took the message and before "sent" is written, the next attempt
 * resends it and marks the delivery a possible duplicate: the one window email cannot close.
 */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly planner: NotificationPlanner,
    private readonly clock: Clock,
  ) {}

  /** Writes the event's deliveries (once) and returns those still to send. */
  async fanOut(schoolId: string | null, eventId: string): Promise<string[]> {
    return this.tx.run(scopeOf(schoolId), async (m) => {
      const event = await lockEvent(m, schoolId, eventId);
      if (!event) return [];
      if (!event.processedAt) {
        const planned = await this.planner.plan(schoolId === null ? null : schoolScope(schoolId), event);
        if (planned.length > 0) {
          const rows: DeliveryChanges[] = planned.map(({ needsAction, ...d }) => ({
            ...d,
            eventId,
            status: needsAction ? ('needs_action' as const) : ('queued' as const),
            attempts: 0,
            possibleDuplicate: false,
            lastError: needsAction ? 'no email address or account: print and post the notice' : null,
          }));
          const insert = m.createQueryBuilder().insert();
          await (schoolId === null ? insert.into(PlatformDelivery).values(rows) : insert.into(Delivery).values(rows.map((r) => ({ ...r, schoolId }))))
            .orIgnore()
            .execute();
        }
        const processed = { processedAt: this.clock.now() };
        if (schoolId === null) await m.update(PlatformOutboxEvent, { id: eventId }, processed);
        else await m.update(OutboxEvent, { schoolId, id: eventId }, processed);
        await completeIfDone(m, schoolId === null ? 'platform' : 'school', [{ schoolId, id: eventId }]);
      }
      const open =
        schoolId === null
          ? await m.query<{ id: string }[]>(`select id from platform_deliveries where event_id = $1 and status = any($2::text[])`, [eventId, OPEN])
          : await m.query<{ id: string }[]>(`select id from deliveries where school_id = $1 and event_id = $2 and status = any($3::text[])`, [
              schoolId,
              eventId,
              OPEN,
            ]);
      return open.map((d) => d.id);
    });
  }

  /** Sends one delivery (a batch of one): what a job that is not batched, or a test, calls. */
  async deliver(schoolId: string | null, deliveryId: string, mailer: Mailer, opts: { leaseMs: number; finalAttempt: boolean }): Promise<DeliverOutcome> {
    const result = (await this.deliverMany([{ schoolId, deliveryId, finalAttempt: opts.finalAttempt }], mailer, opts))[0]!;
    if (typeof result !== 'string') throw result.retry;
    return result;
  }

  /**
   * Sends several deliveries together, each exactly as it would go alone: one transaction takes them all
   * (locked in key order), the emails go through the mailer's pool at once, and one transaction records every
   * outcome. A school's deliveries, of one or several schools, go in a transaction scoped to those schools;
   * platform mail in the relay's. The results are in the order asked; a temporary failure is `{ retry }`, for
   * its job to throw so the queue retries it with backoff.
   */
  async deliverMany(jobs: readonly DeliveryJob[], mailer: Mailer, opts: { leaseMs: number }): Promise<DeliveryResult[]> {
    const results = new Map<string, DeliveryResult>();
    for (const side of ['school', 'platform'] as const) {
      const mine = jobs.filter((j) => (j.schoolId === null) === (side === 'platform'));
      if (mine.length > 0) await this.deliverSide(side, mine, mailer, opts.leaseMs, results);
    }
    return jobs.map((j) => results.get(j.deliveryId) ?? 'already-final');
  }

  private async deliverSide(side: Side, jobs: readonly DeliveryJob[], mailer: Mailer, leaseMs: number, results: Map<string, DeliveryResult>): Promise<void> {
    const scope = side === 'platform' ? scopeOf(null) : { schoolIds: [...new Set(jobs.map((j) => j.schoolId!))], pupilAccess: 'all' as const };
    const keys = [...new Map(jobs.map((j) => [`${j.schoolId ?? ''}/${j.deliveryId}`, { schoolId: j.schoolId, id: j.deliveryId }])).values()];
    const claimed = await this.tx.run(scope, async (m) => {
      const rows = await lockDeliveries(m, side, keys);
      const now = this.clock.now();
      const emails: AnyDelivery[] = [];
      const inApp: Delivery[] = [];
      for (const d of rows) {
        if (!OPEN.includes(d.status)) results.set(d.id, 'already-final');
        else if (d.status === 'sending' && d.leaseUntil && d.leaseUntil > now) results.set(d.id, 'busy');
        else if (d.channel === 'in_app' && d.schoolId !== null) inApp.push(d);
        else emails.push(d);
      }
      if (inApp.length > 0) {
        await m
          .createQueryBuilder()
          .insert()
          .into(InboxMessage)
          .values(inApp.map((d) => ({ schoolId: d.schoolId, userId: d.inboxUserId!, deliveryId: d.id, subject: d.subject, body: d.bodyText, readAt: null })))
          .orIgnore()
          .execute();
        await markOutcomes(
          m,
          side,
          inApp.map((d) => ({ schoolId: d.schoolId, id: d.id, status: 'sent' as const, error: null })),
          now,
          true,
        );
        await afterFinal(m, side, inApp);
        for (const d of inApp) results.set(d.id, 'sent');
      }
      await markSending(m, side, emails, new Date(now.getTime() + leaseMs));
      return emails;
    });
    if (claimed.length === 0) return;
    const finalAttempt = new Map(jobs.map((j) => [j.deliveryId, j.finalAttempt]));
    // Every email at once: the mailer's pool decides how many are on the wire.
    const sends = await Promise.allSettled(
      claimed.map(async (d) => {
        const { text, html } = this.planner.reveal(d);
        await mailer.send({ to: d.address!, subject: d.subject, text, html, messageId: `<${d.id}@sen-manager.local>` });
      }),
    );
    const outcomes = claimed.map((d, i): Outcome & { d: AnyDelivery; err: unknown } => {
      const sent = sends[i]!;
      if (sent.status === 'fulfilled') return { d, schoolId: d.schoolId, id: d.id, status: 'sent', error: null, err: null };
      const status = isPermanentRefusal(sent.reason) ? 'bounced' : finalAttempt.get(d.id) ? 'failed' : 'retrying';
      return { d, schoolId: d.schoolId, id: d.id, status, error: describeFailure(sent.reason), err: sent.reason };
    });
    await this.tx.run(scope, async (m) => {
      await markOutcomes(m, side, outcomes, this.clock.now());
      await afterFinal(
        m,
        side,
        outcomes.filter((o) => o.status !== 'retrying').map((o) => o.d),
      );
    });
    for (const o of outcomes) results.set(o.id, o.status === 'retrying' ? { retry: o.err } : o.status);
  }

  /** The school's own record that a posted notice went: the parent had no email and no account. */
  async markPosted(scope: SchoolScope, deliveryId: string): Promise<Delivery | null> {
    const m = this.tx.manager();
    const d = await m.findOneBy(Delivery, { id: deliveryId, schoolId: scope.schoolId });
    if (!d || d.channel !== 'post' || d.status !== 'needs_action') return null;
    await m.update(Delivery, { id: d.id, schoolId: scope.schoolId }, { status: 'sent', sentAt: this.clock.now(), lastError: null });
    await afterFinal(m, 'school', [d]);
    return m.findOneBy(Delivery, { id: d.id, schoolId: scope.schoolId });
  }
}

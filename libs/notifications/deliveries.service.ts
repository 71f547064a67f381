import { Injectable } from '@nestjs/common';
import { Clock } from '#libs/core';
import { TenantTransactions, schoolScope, type SchoolScope } from '#libs/database';
import { OutboxEvent, PlatformOutboxEvent, type AnyOutboxEvent } from '#libs/outbox';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Delivery, PlatformDelivery, type AnyDelivery, type DeliveryColumns } from './delivery.entity.js';
import { InboxMessage } from './inbox-message.entity.js';
import { Mailer, describeFailure, isPermanentRefusal } from './mailer.js';
import { NotificationPlanner } from './notification-planner.js';

const OPEN = ['queued', 'sending', 'retrying'];
/**
 * The worker's scope for an event's deliveries: its school's, or for an account email to someone in no school the
 * relay's, the one scope that sees platform mail (1765280000000-platform-mail-tables).
 */
const scopeOf = (schoolId: string | null) =>
  schoolId === null ? { schoolIds: [], outboxRelay: true } : { schoolIds: [schoolId], pupilAccess: 'all' as const };
/**
 * One row, locked for the rest of the transaction: from the platform table when there is no school (platform
 * mail has no school_id), else by its key (school_id, id).
 */
function lockOne<P extends ObjectLiteral, S extends ObjectLiteral>(
  m: EntityManager,
  [platform, school]: [EntityTarget<P>, EntityTarget<S>],
  schoolId: string | null,
  id: string,
): Promise<P | S | null> {
  if (schoolId === null) return m.createQueryBuilder(platform, 'r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
  return m.createQueryBuilder(school, 'r').setLock('pessimistic_write').where('r.school_id = :schoolId and r.id = :id', { schoolId, id }).getOne();
}
const lockEvent = (m: EntityManager, schoolId: string | null, eventId: string): Promise<AnyOutboxEvent | null> =>
  lockOne(m, [PlatformOutboxEvent, OutboxEvent], schoolId, eventId);
const lockDelivery = (m: EntityManager, schoolId: string | null, deliveryId: string): Promise<AnyDelivery | null> =>
  lockOne(m, [PlatformDelivery, Delivery], schoolId, deliveryId);

type DeliveryChanges = QueryDeepPartialEntity<DeliveryColumns>;
const updateDelivery = (m: EntityManager, schoolId: string | null, id: string, changes: DeliveryChanges) =>
  schoolId === null ? m.update(PlatformDelivery, { id }, changes) : m.update(Delivery, { schoolId, id }, changes);

export type DeliverOutcome = 'sent' | 'already-final' | 'busy' | 'failed' | 'bounced' | 'retrying';

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
        await this.completeIfDone(m, schoolId, eventId);
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

  async deliver(schoolId: string | null, deliveryId: string, mailer: Mailer, opts: { leaseMs: number; finalAttempt: boolean }): Promise<DeliverOutcome> {
    const claimed = await this.tx.run(scopeOf(schoolId), async (m) => {
      const d = await lockDelivery(m, schoolId, deliveryId);
      if (!d || !OPEN.includes(d.status)) return 'already-final' as const;
      const now = this.clock.now();
      if (d.status === 'sending' && d.leaseUntil && d.leaseUntil > now) return 'busy' as const;
      if (d.channel === 'in_app' && schoolId !== null) {
        await m
          .createQueryBuilder()
          .insert()
          .into(InboxMessage)
          .values({ schoolId, userId: d.inboxUserId!, deliveryId: d.id, subject: d.subject, body: d.bodyText, readAt: null })
          .orIgnore()
          .execute();
        await m.update(Delivery, { id: d.id, schoolId }, { status: 'sent', sentAt: now, attempts: d.attempts + 1, leaseUntil: null, lastError: null });
        await this.afterFinal(m, schoolId, d);
        return 'sent' as const;
      }
      const messageId = `<${d.id}@sen-manager.local>`;
      await updateDelivery(m, schoolId, d.id, {
        status: 'sending',
        attempts: d.attempts + 1,
        leaseUntil: new Date(now.getTime() + opts.leaseMs),
        // An earlier attempt was cut off mid-send: the server may already have this message.
        possibleDuplicate: d.possibleDuplicate || d.status === 'sending',
        messageId,
      });
      return { ...d, messageId };
    });
    if (typeof claimed === 'string') return claimed;
    try {
      const { text, html } = this.planner.reveal(claimed);
      await mailer.send({ to: claimed.address!, subject: claimed.subject, text, html, messageId: claimed.messageId });
    } catch (err) {
      const bounced = isPermanentRefusal(err);
      const status = bounced ? 'bounced' : opts.finalAttempt ? 'failed' : 'retrying';
      await this.tx.run(scopeOf(schoolId), async (m) => {
        const final = status === 'retrying' ? {} : { secretSealed: null };
        await updateDelivery(m, schoolId, claimed.id, { status, leaseUntil: null, lastError: describeFailure(err), ...final });
        if (status !== 'retrying') await this.afterFinal(m, schoolId, claimed);
      });
      if (status === 'retrying') throw err;
      return status;
    }
    await this.tx.run(scopeOf(schoolId), async (m) => {
      // A sent link's token is not kept, even sealed: the log shows the message with the link's place marked.
      await updateDelivery(m, schoolId, claimed.id, { status: 'sent', sentAt: this.clock.now(), leaseUntil: null, lastError: null, secretSealed: null });
      await this.afterFinal(m, schoolId, claimed);
    });
    return 'sent';
  }

  /** The school's own record that a posted notice went: the parent had no email and no account. */
  async markPosted(scope: SchoolScope, deliveryId: string): Promise<Delivery | null> {
    const m = this.tx.manager();
    const d = await m.findOneBy(Delivery, { id: deliveryId, schoolId: scope.schoolId });
    if (!d || d.channel !== 'post' || d.status !== 'needs_action') return null;
    await m.update(Delivery, { id: d.id, schoolId: scope.schoolId }, { status: 'sent', sentAt: this.clock.now(), lastError: null });
    await this.afterFinal(m, scope.schoolId, d);
    return m.findOneBy(Delivery, { id: d.id, schoolId: scope.schoolId });
  }

  /**
   * After a delivery is final: the formal notice is recorded as given once every parent with parental
   * responsibility has it on at least one channel (CFA 2014 s.68), and the event is complete when nothing of
   * it is left to send.
   */
  private async afterFinal(m: EntityManager, schoolId: string | null, d: Pick<Delivery, 'eventId' | 'statutory'>): Promise<void> {
    // Deliveries of one event finish in parallel: without this lock two transactions could each see the
    // other's delivery as unsent, and neither would record the notice as given.
    if (schoolId === null) await m.query(`select 1 from platform_outbox_events where id = $1 for update`, [d.eventId]);
    else await m.query(`select 1 from outbox_events where school_id = $1 and id = $2 for update`, [schoolId, d.eventId]);
    if (d.statutory && schoolId !== null) {
      await m.query(
        `update sen_status_entries e set parents_notified_at = now()
          where e.school_id = $1 and e.notice_event_id = $2 and e.parents_notified_at is null
            and not exists (select 1 from deliveries x where x.school_id = $1 and x.event_id = $2 and x.parental_responsibility
                            group by x.recipient_id having not bool_or(x.status = 'sent'))`,
        [schoolId, d.eventId],
      );
    }
    await this.completeIfDone(m, schoolId, d.eventId);
  }

  private async completeIfDone(m: EntityManager, schoolId: string | null, eventId: string): Promise<void> {
    if (schoolId === null) {
      await m.query(
        `update platform_outbox_events set completed_at = now()
          where id = $1 and completed_at is null and processed_at is not null
            and not exists (select 1 from platform_deliveries where event_id = $1 and status = any($2::text[]))`,
        [eventId, OPEN],
      );
      return;
    }
    await m.query(
      `update outbox_events set completed_at = now()
        where school_id = $1 and id = $2 and completed_at is null and processed_at is not null
          and not exists (select 1 from deliveries where school_id = $1 and event_id = $2 and status = any($3::text[]))`,
      [schoolId, eventId, OPEN],
    );
  }
}

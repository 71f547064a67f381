import { Injectable } from '@nestjs/common';
import { Clock } from '#libs/core';
import { TenantTransactions, schoolScope, type SchoolScope } from '#libs/database';
import { OutboxEvent } from '#libs/outbox';
import { IsNull, type EntityManager } from 'typeorm';
import { Delivery } from './delivery.entity.js';
import { InboxMessage } from './inbox-message.entity.js';
import { Mailer, describeFailure, isPermanentRefusal } from './mailer.js';
import { NotificationPlanner } from './notification-planner.js';

const OPEN = ['queued', 'sending', 'retrying'];
/**
 * The worker's scope for an event's deliveries: its school's, or for an account email to someone in no school the
 * relay's, the one scope that sees rows filed under none (1765176000000-platform-mail).
 */
const scopeOf = (schoolId: string | null) =>
  schoolId === null ? { schoolIds: [], outboxRelay: true } : { schoolIds: [schoolId], pupilAccess: 'all' as const };
/** The school column matched in SQL, null included (ids are the indexed part of every such lookup). */
const SAME_SCHOOL = 'school_id is not distinct from';
/** The same, for TypeORM's where objects. */
const schoolKey = (schoolId: string | null) => (schoolId === null ? IsNull() : schoolId);

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
      const event = await m
        .createQueryBuilder(OutboxEvent, 'e')
        .setLock('pessimistic_write')
        .where(`e.id = :eventId and e.${SAME_SCHOOL} :schoolId`, { eventId, schoolId })
        .getOne();
      if (!event) return [];
      if (!event.processedAt) {
        const planned = await this.planner.plan(schoolId === null ? null : schoolScope(schoolId), event);
        if (planned.length > 0) {
          await m
            .createQueryBuilder()
            .insert()
            .into(Delivery)
            .values(
              planned.map(({ needsAction, ...d }) => ({
                ...d,
                schoolId,
                eventId,
                status: needsAction ? ('needs_action' as const) : ('queued' as const),
                attempts: 0,
                possibleDuplicate: false,
                lastError: needsAction ? 'no email address or account: print and post the notice' : null,
              })),
            )
            .orIgnore()
            .execute();
        }
        await m.update(OutboxEvent, { id: eventId, schoolId: schoolKey(schoolId) }, { processedAt: this.clock.now() });
        await this.completeIfDone(m, schoolId, eventId);
      }
      const open = await m
        .createQueryBuilder(Delivery, 'd')
        .select('d.id', 'id')
        .where(`d.event_id = :eventId and d.${SAME_SCHOOL} :schoolId and d.status in (:...open)`, { schoolId, eventId, open: OPEN })
        .getRawMany<{ id: string }>();
      return open.map((d) => d.id);
    });
  }

  async deliver(schoolId: string | null, deliveryId: string, mailer: Mailer, opts: { leaseMs: number; finalAttempt: boolean }): Promise<DeliverOutcome> {
    const claimed = await this.tx.run(scopeOf(schoolId), async (m) => {
      const d = await m
        .createQueryBuilder(Delivery, 'd')
        .setLock('pessimistic_write')
        .where(`d.id = :deliveryId and d.${SAME_SCHOOL} :schoolId`, { deliveryId, schoolId })
        .getOne();
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
      await m.update(
        Delivery,
        { id: d.id, schoolId: schoolKey(schoolId) },
        {
          status: 'sending',
          attempts: d.attempts + 1,
          leaseUntil: new Date(now.getTime() + opts.leaseMs),
          // An earlier attempt was cut off mid-send: the server may already have this message.
          possibleDuplicate: d.possibleDuplicate || d.status === 'sending',
          messageId,
        },
      );
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
        await m.update(Delivery, { id: claimed.id, schoolId: schoolKey(schoolId) }, { status, leaseUntil: null, lastError: describeFailure(err), ...final });
        if (status !== 'retrying') await this.afterFinal(m, schoolId, claimed);
      });
      if (status === 'retrying') throw err;
      return status;
    }
    await this.tx.run(scopeOf(schoolId), async (m) => {
      // A sent link's token is not kept, even sealed: the log shows the message with the link's place marked.
      await m.update(
        Delivery,
        { id: claimed.id, schoolId: schoolKey(schoolId) },
        { status: 'sent', sentAt: this.clock.now(), leaseUntil: null, lastError: null, secretSealed: null },
      );
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
    await m.query(`select 1 from outbox_events where id = $2 and ${SAME_SCHOOL} $1::uuid for update`, [schoolId, d.eventId]);
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
    await m.query(
      `update outbox_events set completed_at = now()
        where id = $2 and ${SAME_SCHOOL} $1::uuid and completed_at is null and processed_at is not null
          and not exists (select 1 from deliveries where event_id = $2 and ${SAME_SCHOOL} $1::uuid and status = any($3::text[]))`,
      [schoolId, eventId, OPEN],
    );
  }
}

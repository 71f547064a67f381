import { Check, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { School } from '#libs/tenancy';
import { OutboxEventColumns } from './outbox-event-columns.js';

/**
 * A domain event, written in the same transaction as the change it describes (the transactional outbox).
 * The worker relays unrelayed rows to BullMQ; nothing is enqueued from inside an uncommitted transaction.
 * `payload` holds ids and codes only, never names or contact details. An account email to someone in no school
 * is a PlatformOutboxEvent instead.
 */
@Entity('outbox_events')
@Index('idx_outbox_events_school_occurred', ['schoolId', 'occurredAt'])
@Index('idx_outbox_events_unrelayed', ['occurredAt'], { where: '"relayed_at" IS NULL' })
@Index('idx_outbox_events_incomplete', ['relayedAt'], { where: '"relayed_at" IS NOT NULL AND "completed_at" IS NULL' })
export class OutboxEvent extends OutboxEventColumns {
  @PrimaryColumn({ type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;
}

/**
 * An account email to someone in no school (a platform admin's password reset, a trust lead's invitation):
 * its own table, so every tenant table keys on school_id (docs/scaling.md, section 1). Only the worker's relay
 * scope reads these rows; the API may insert one. `schoolId` is always null here, so code shared with a
 * school's events reads it the same way; it is not a column.
 */
@Entity('platform_outbox_events')
@Check('ck_platform_outbox_events_account_email', `"type" = 'account.email'`)
@Index('idx_platform_outbox_events_unrelayed', ['occurredAt'], { where: '"relayed_at" IS NULL' })
@Index('idx_platform_outbox_events_incomplete', ['relayedAt'], { where: '"relayed_at" IS NOT NULL AND "completed_at" IS NULL' })
export class PlatformOutboxEvent extends OutboxEventColumns {
  readonly schoolId = null;
}

/** Either kind of event: `schoolId` null means platform mail. */
export type AnyOutboxEvent = OutboxEvent | PlatformOutboxEvent;

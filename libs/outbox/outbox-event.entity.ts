import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { School } from '#libs/tenancy';

/**
 * A domain event, written in the same transaction as the change it describes (the transactional outbox).
 * The worker relays unrelayed rows to BullMQ; nothing is enqueued from inside an uncommitted transaction.
 * `payload` holds ids and codes only, never names or contact details.
 */
@Entity('outbox_events')
@Check('ck_outbox_events_platform', `"school_id" IS NOT NULL OR "type" = 'account.email'`)
@Index('idx_outbox_events_school_occurred', ['schoolId', 'occurredAt'])
@Index('idx_outbox_events_unrelayed', ['occurredAt'], { where: '"relayed_at" IS NULL' })
@Index('idx_outbox_events_incomplete', ['relayedAt'], { where: '"relayed_at" IS NOT NULL AND "completed_at" IS NULL' })
@Unique('uq_outbox_events_school_id', ['schoolId', 'id'])
export class OutboxEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null only for an account email to someone in no school (a platform admin, a trust lead): 1765176000000-platform-mail. */
  @Column({ type: 'uuid', nullable: true })
  schoolId: string | null;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 32 })
  subjectType: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, string | number | boolean | null>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  correlationId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  relayedAt: Date | null;

  /** Set by the notifications module once the event's deliveries are written (its fan-out is done). */
  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  /** Set once every delivery of the event is final (sent, failed, or left for the school to post). */
  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}

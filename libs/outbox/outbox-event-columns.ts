import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns of an outbox event, shared by a school's (outbox_events) and platform mail's
 * (platform_outbox_events, account emails to someone in no school). Not an entity itself.
 */
export abstract class OutboxEventColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

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

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What a platform admin did (a trust or school created, a trust lead appointed): the admins' own trail, seen
 * by no school. Append-only, like the schools' trail; `details` holds ids and codes, never names or emails.
 */
@Entity('platform_audit_events')
@Index('idx_platform_audit_events_occurred', ['occurredAt', 'id'])
export class PlatformAuditEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_platform_audit_events' })
  id: string;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Column({ type: 'uuid', nullable: true })
  entityId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb' })
  details: Record<string, string | number | boolean | null>;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;
}

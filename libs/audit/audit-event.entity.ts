import { School } from '#libs/tenancy';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who did what to which record, when, from which school. Append-only: the app role may insert and read,
 * never update or delete (see the migration's grants). `details` holds ids and codes, never names or needs.
 */
@Entity('audit_events')
@Index('idx_audit_events_school_occurred', ['schoolId', 'occurredAt', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

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

import { School } from '#libs/tenancy';
import { Column, JoinColumn, ManyToOne, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AuditLine } from './audit-line.js';

/**
 * Who did what to which record, when, from which school. Append-only: the app role may insert and read,
 * never update or delete (see the migration's grants). `details` holds ids and codes, never names or needs.
 */
@Entity('audit_events')
@Index('idx_audit_events_school_occurred', ['schoolId', 'occurredAt', 'id'])
export class AuditEvent extends AuditLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;
}

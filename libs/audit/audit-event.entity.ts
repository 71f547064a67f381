import { School } from '#libs/tenancy';
import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AuditLine } from './audit-line.js';

/**
 * Who did what to which record, when, from which school. Append-only: the app role may insert and read,
 * never update or delete (see the migration's grants). `details` holds ids and codes, never names or needs.
 */
@Entity('audit_events')
@Index('idx_audit_events_school_occurred', ['schoolId', 'occurredAt', 'id'])
export class AuditEvent extends AuditLine {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_audit_events' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_audit_events' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;
}

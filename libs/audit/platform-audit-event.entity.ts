import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AuditLine } from './audit-line.js';

/**
 * What a platform admin did (a trust or school created): the admins' own trail, seen by no school.
 * Append-only, like the schools' trail (migration 1765165000000).
 */
@Entity('platform_audit_events')
@Index('idx_platform_audit_events_occurred', ['occurredAt', 'id'])
export class PlatformAuditEvent extends AuditLine {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_platform_audit_events' })
  id: string;
}

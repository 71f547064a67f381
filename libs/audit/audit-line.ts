import { Column, CreateDateColumn } from 'typeorm';

/**
 * The columns every audit line has, in a school's trail and in the platform admins' own: who, what, which
 * record, which request, when (each trail declares its own id and keys). `details` holds ids and codes, never names, emails or needs.
 */
export abstract class AuditLine {
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

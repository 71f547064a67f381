import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';

/** What was read: the records a data protection officer must be able to account for. */
export const ACCESS_RESOURCES = [
  'plan',
  'plan_cycle',
  'plan_version',
  'professional_reports',
  'evidence_pack',
  'sen_history',
  'pupil_record',
  'provision_map',
  'subject_access_export',
  'transfer_record',
  'ehc_plan',
  'ehc_request',
  'shared_record',
  'referrals',
  'documents',
  'oap_comparison',
] as const;
export type AccessResource = (typeof ACCESS_RESOURCES)[number];

/**
 * One read of a pupil's SEN record: who, when, in which role, what. Written in the read's own transaction, so
 * a read that could not be logged is not served. Append-only (the app role may insert and select).
 */
@Entity('access_events')
@Index('idx_access_events_school_pupil', ['schoolId', 'pupilId', 'occurredAt'])
@Index('idx_access_events_school_occurred', ['schoolId', 'occurredAt', 'id'])
export class AccessEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_access_events' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_access_events' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  pupilId: string;

  @ManyToOne(() => Pupil, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'pupil_id', referencedColumnName: 'id' },
  ])
  pupil?: Pupil;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  /** The reader's roles in this school, comma-separated (e.g. "parent", "head,senco"). */
  @Column({ type: 'varchar', length: 64 })
  actorRoles: string;

  @Column({ type: 'varchar', length: 32 })
  resource: AccessResource;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  /** For a read through a share link: the share, which names the outside professional who read it. */
  @Column({ type: 'uuid', nullable: true })
  shareId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;
}

import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { School } from '#libs/tenancy';
import { InterventionGroup } from './intervention-group.entity.js';

export const SESSION_STATUSES = ['planned', 'delivered', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const CANCEL_REASONS = ['staff_absence', 'pupil_absence', 'school_event', 'room_unavailable', 'other'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** A planned session of a group, generated from its timetable; the staff record it delivered or cancelled. */
@Entity('intervention_sessions')
@Index('uq_intervention_sessions_group_slot', ['schoolId', 'groupId', 'date', 'startTime'], { unique: true })
@Index('idx_intervention_sessions_school_date', ['schoolId', 'date'])
@Index('idx_intervention_sessions_school_group', ['schoolId', 'groupId', 'date'])
@Check(
  'ck_intervention_sessions_recorded',
  `("status" = 'planned') = ("recorded_at" IS NULL) AND ("status" = 'cancelled') = ("cancel_reason" IS NOT NULL) AND ("status" = 'delivered') = ("actual_minutes" IS NOT NULL)`,
)
@Check('ck_intervention_sessions_minutes', `"minutes" BETWEEN 1 AND 390 AND ("actual_minutes" IS NULL OR "actual_minutes" BETWEEN 1 AND 390)`)
export class InterventionSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_intervention_sessions' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_intervention_sessions' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  groupId: string;

  @ManyToOne(() => InterventionGroup, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'group_id', referencedColumnName: 'id' },
  ])
  group?: InterventionGroup;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'time' })
  startTime: string;

  /** Planned length. */
  @Column({ type: 'smallint' })
  minutes: number;

  @Column({ type: 'varchar', length: 10 })
  status: SessionStatus;

  @Column({ type: 'varchar', length: 20, nullable: true })
  cancelReason: CancelReason | null;

  @Column({ type: 'smallint', nullable: true })
  actualMinutes: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  recordedAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

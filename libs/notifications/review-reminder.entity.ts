import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { PlanCycle } from '#libs/plans';
import { School } from '#libs/tenancy';

export const REMINDER_KINDS = ['due', 'overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * A reminder the daily review scan raised: the unique key (cycle, kind, review date, step) makes a second run
 * on the same day, or a retried job, a no-op. `step` is the lead time in days for "due", and the number of
 * the repeat for "overdue".
 */
@Entity('review_reminders')
@Index('uq_review_reminders_key', ['schoolId', 'cycleId', 'kind', 'reviewDate', 'step'], { unique: true })
@Index('idx_review_reminders_school_cycle', ['schoolId', 'cycleId'])
export class ReviewReminder {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_review_reminders' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_review_reminders' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  cycleId: string;

  @ManyToOne(() => PlanCycle, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'cycle_id', referencedColumnName: 'id' },
  ])
  cycle?: PlanCycle;

  @Column({ type: 'varchar', length: 10 })
  kind: ReminderKind;

  @Column({ type: 'date' })
  reviewDate: string;

  @Column({ type: 'smallint' })
  step: number;

  @Column({ type: 'date' })
  raisedOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

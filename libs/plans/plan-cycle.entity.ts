import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { CycleStatus } from './domain/plan.types.js';

/**
 * One Assess–Plan–Do–Review loop of a pupil's support plan. Cycles are numbered from 1 and every one is
 * kept; at most one is open (planning or active) per pupil. `reviewDate` mirrors the version in force, so
 * the daily review scan reads this table alone.
 */
@Entity('plan_cycles')
@Index('uq_plan_cycles_pupil_number', ['schoolId', 'pupilId', 'number'], { unique: true })
@Index('uq_plan_cycles_one_open', ['schoolId', 'pupilId'], { unique: true, where: `"status" IN ('planning', 'active')` })
@Index('idx_plan_cycles_school_pupil', ['schoolId', 'pupilId', 'number'])
@Index('idx_plan_cycles_school_review', ['schoolId', 'status', 'reviewDate'])
export class PlanCycle {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_plan_cycles' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_plan_cycles' })
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

  @Column({ type: 'smallint' })
  number: number;

  @Column({ type: 'varchar', length: 10 })
  status: CycleStatus;

  @Column({ type: 'date' })
  openedOn: string;

  /** The day the first version of the cycle was put in place (the "Do" began). */
  @Column({ type: 'date', nullable: true })
  activatedOn: string | null;

  @Column({ type: 'date', nullable: true })
  reviewDate: string | null;

  @Column({ type: 'date', nullable: true })
  reviewedOn: string | null;

  /** Closed without a review: the pupil left the register or the school. */
  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  /** The reviewed cycle this one continues from; null for a pupil's first cycle or a fresh start. */
  @Column({ type: 'uuid', nullable: true })
  previousCycleId: string | null;

  @ManyToOne(() => PlanCycle, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'previous_cycle_id', referencedColumnName: 'id' },
  ])
  previousCycle?: PlanCycle;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import { PlanCycle } from './plan-cycle.entity.js';
import { PlanTarget } from './plan-target.entity.js';

export const CONTRIBUTION_AUTHORS = ['parent', 'staff'] as const;
export type ContributionAuthor = (typeof CONTRIBUTION_AUTHORS)[number];

/**
 * Views and evidence given during a cycle, for its review: a parent's views before the meeting, a teacher's
 * observation of progress against a target. Kept as given.
 */
@Entity('plan_contributions')
@Index('idx_plan_contributions_school_cycle', ['schoolId', 'cycleId', 'createdAt'])
@Index('idx_plan_contributions_school_pupil', ['schoolId', 'pupilId'])
export class PlanContribution {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_plan_contributions' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_plan_contributions' })
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

  @Column({ type: 'uuid' })
  cycleId: string;

  @ManyToOne(() => PlanCycle, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'cycle_id', referencedColumnName: 'id' },
  ])
  cycle?: PlanCycle;

  @Column({ type: 'varchar', length: 10 })
  authorKind: ContributionAuthor;

  @Column({ type: 'uuid', nullable: true })
  authorUserId: string | null;

  /** The target an observation is about, if any. */
  @Column({ type: 'uuid', nullable: true })
  targetId: string | null;

  @ManyToOne(() => PlanTarget, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'target_id', referencedColumnName: 'id' },
  ])
  target?: PlanTarget;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text', nullable: true })
  measuredValue: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

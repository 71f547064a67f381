import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { Attendee, ReviewDecision } from './domain/plan.types.js';
import { PlanCycle } from './plan-cycle.entity.js';
import { PlanVersion } from './plan-version.entity.js';

/** The Review of a cycle: held once, kept as held (no updates). */
@Entity('plan_reviews')
@Index('uq_plan_reviews_cycle', ['schoolId', 'cycleId'], { unique: true })
@Index('idx_plan_reviews_school_pupil', ['schoolId', 'pupilId', 'heldOn'])
@Index('idx_plan_reviews_school_held', ['schoolId', 'heldOn'])
export class PlanReview {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_plan_reviews' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_plan_reviews' })
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

  /** The version that was in force, whose targets were reviewed. */
  @Column({ type: 'uuid' })
  versionId: string;

  @ManyToOne(() => PlanVersion, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'version_id', referencedColumnName: 'id' },
  ])
  version?: PlanVersion;

  @Column({ type: 'date' })
  heldOn: string;

  /** The review date the plan set; a review held after it was late. */
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ type: 'jsonb' })
  attendees: Attendee[];

  @Column({ type: 'text', nullable: true })
  whatWorked: string | null;

  @Column({ type: 'text', nullable: true })
  whatDidNotWork: string | null;

  @Column({ type: 'text', nullable: true })
  parentViews: string | null;

  @Column({ type: 'text', nullable: true })
  pupilViews: string | null;

  @Column({ type: 'varchar', length: 24 })
  decision: ReviewDecision;

  /** Escalation: the day the school asked the local authority for an EHC needs assessment. */
  @Column({ type: 'date', nullable: true })
  ehcnaRequestedOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

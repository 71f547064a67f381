import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { Outcome } from './domain/plan.types.js';
import { PlanReview } from './plan-review.entity.js';
import { PlanTarget } from './plan-target.entity.js';

/** What a review found for one target: the outcome and the measured value against the baseline. */
@Entity('review_outcomes')
@Index('uq_review_outcomes_target', ['schoolId', 'targetId'], { unique: true })
@Index('idx_review_outcomes_school_review', ['schoolId', 'reviewId'])
@Index('idx_review_outcomes_school_pupil', ['schoolId', 'pupilId'])
export class ReviewOutcome {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_review_outcomes' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_review_outcomes' })
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
  reviewId: string;

  @ManyToOne(() => PlanReview, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'review_id', referencedColumnName: 'id' },
  ])
  review?: PlanReview;

  @Column({ type: 'uuid' })
  targetId: string;

  @ManyToOne(() => PlanTarget, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'target_id', referencedColumnName: 'id' },
  ])
  target?: PlanTarget;

  @Column({ type: 'varchar', length: 16 })
  outcome: Outcome;

  @Column({ type: 'text', nullable: true })
  measuredValue: string | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;
}

import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { Outcome } from './domain/plan.types.js';
import { PlanReview } from './plan-review.entity.js';
import { PlanTarget } from './plan-target.entity.js';

/** What a review found for one target: the outcome and the measured value against the baseline. */
@Entity('review_outcomes')
@Index('uq_review_outcomes_target', ['targetId'], { unique: true })
@Index('idx_review_outcomes_school_review', ['schoolId', 'reviewId'])
@Index('idx_review_outcomes_school_pupil', ['schoolId', 'pupilId'])
export class ReviewOutcome {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  pupilId: string;

  @ManyToOne(() => Pupil, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pupil_id' })
  pupil?: Pupil;

  @Column({ type: 'uuid' })
  reviewId: string;

  @ManyToOne(() => PlanReview, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'review_id' })
  review?: PlanReview;

  @Column({ type: 'uuid' })
  targetId: string;

  @ManyToOne(() => PlanTarget, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'target_id' })
  target?: PlanTarget;

  @Column({ type: 'varchar', length: 16 })
  outcome: Outcome;

  @Column({ type: 'text', nullable: true })
  measuredValue: string | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;
}

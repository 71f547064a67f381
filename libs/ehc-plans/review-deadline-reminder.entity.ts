import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import { EhcReview } from './annual-review.entity.js';

/**
 * A reminder the daily scan raised for one deadline of one review: the unique key (review, deadline kind,
 * deadline, stage) makes a second run or a retried job a no-op.
 */
@Entity('ehc_review_reminders')
@Index('uq_ehc_review_reminders_key', ['schoolId', 'reviewId', 'kind', 'deadline', 'stage'], { unique: true })
@Index('idx_ehc_review_reminders_school_pupil', ['schoolId', 'pupilId'])
export class EhcReviewReminder {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_ehc_review_reminders' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_ehc_review_reminders' })
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

  @ManyToOne(() => EhcReview, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'review_id', referencedColumnName: 'id' },
  ])
  review?: EhcReview;

  @Column({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ type: 'date' })
  deadline: string;

  /** 'due': the SENCO is reminded before; 'missed': the head is told it passed. */
  @Column({ type: 'varchar', length: 6 })
  stage: string;

  @Column({ type: 'date' })
  raisedOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

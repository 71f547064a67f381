import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { OutcomeProgress, PreparingForAdulthood, Recommendation, RequestedBy, ReviewKind, ReviewStatus } from './domain/ehc.types.js';
import { EhcPlan } from './ehc-plan.entity.js';

/** One review of an EHC plan (annual, interim or early), each step dated as it happens. */
@Entity('ehc_reviews')
@Index('idx_ehc_reviews_school_hold_by', ['schoolId', 'holdBy'])
@Index('idx_ehc_reviews_school_pupil', ['schoolId', 'pupilId'])
@Check('ck_ehc_reviews_kind', `"kind" IN ('annual', 'interim', 'early')`)
@Check('ck_ehc_reviews_status', `"status" IN ('due', 'scheduled', 'held', 'reported', 'decided')`)
@Check('ck_ehc_reviews_dates', `"report_sent_on" >= "held_on" AND "decision_on" >= "held_on"`)
export class EhcReview {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_ehc_reviews' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_ehc_reviews' })
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
  planId: string;

  @ManyToOne(() => EhcPlan, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'plan_id', referencedColumnName: 'id' },
  ])
  plan?: EhcPlan;

  @Column({ type: 'varchar', length: 8 })
  kind: ReviewKind;

  @Column({ type: 'varchar', length: 20, nullable: true })
  requestedBy: RequestedBy | null;

  @Column({ type: 'varchar', length: 10 })
  status: ReviewStatus;

  /** The 12-month (or 6-month) date. */
  @Column({ type: 'date' })
  dueOn: string;

  /** The phase-transfer deadline when it comes first (reg. 18). */
  @Column({ type: 'date', nullable: true })
  transferDeadline: string | null;

  @Column({ type: 'date' })
  holdBy: string;

  @Column({ type: 'date', nullable: true })
  meetingOn: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  place: string | null;

  @Column({ type: 'date', nullable: true })
  adviceCirculatedOn: string | null;

  @Column({ type: 'boolean', default: false })
  adviceCirculatedLate: boolean;

  @Column({ type: 'date', nullable: true })
  heldOn: string | null;

  @Column({ type: 'text', nullable: true })
  pupilViews: string | null;

  @Column({ type: 'text', nullable: true })
  parentViews: string | null;

  @Column({ type: 'jsonb', nullable: true })
  progress: OutcomeProgress[] | null;

  @Column({ type: 'jsonb', nullable: true })
  preparingForAdulthood: PreparingForAdulthood | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  recommendation: Recommendation | null;

  @Column({ type: 'text', nullable: true })
  proposedChanges: string | null;

  @Column({ type: 'date', nullable: true })
  reportSentOn: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  decision: Recommendation | null;

  @Column({ type: 'date', nullable: true })
  decisionOn: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

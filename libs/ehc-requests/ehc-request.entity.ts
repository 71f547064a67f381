import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { PlanReview } from '#libs/plans';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';

export const REQUESTERS = ['school', 'parent', 'young_person'] as const;
export type Requester = (typeof REQUESTERS)[number];

/**
 * A request to the local authority for an EHC needs assessment (CFA 2014 s.36). Written once: what happens
 * after (the receipt, the authority's decisions, exceptions, corrections) is appended as events, so the history
 * is never overwritten. Without a "received" event it is a draft (e.g. started from a review that escalated).
 */
@Entity('ehc_requests')
@Check('ck_ehc_requests_requested_by', `"requested_by" IN ('school', 'parent', 'young_person')`)
@Index('idx_ehc_requests_school_pupil', ['schoolId', 'pupilId', 'createdAt'])
export class EhcRequest {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_ehc_requests' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_ehc_requests' })
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

  @Column({ type: 'varchar', length: 12 })
  requestedBy: Requester;

  /** The review whose "escalate" decision started it, when one did. */
  @Column({ type: 'uuid', nullable: true })
  reviewId: string | null;

  @ManyToOne(() => PlanReview, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'review_id', referencedColumnName: 'id' },
  ])
  review?: PlanReview;

  /** The day of the evidence pack sent: the pack as the product generates it for that date. */
  @Column({ type: 'date', nullable: true })
  evidencePackOn: string | null;

  /** Professional reports sent with it (checked to be the same pupil's when recorded). */
  @Column({ type: 'uuid', array: true })
  professionalReportIds: string[];

  @Column({ type: 'varchar', length: 100, nullable: true })
  authorityReference: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

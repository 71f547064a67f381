import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { InviteeRole } from './domain/ehc.types.js';
import { EhcReview } from './annual-review.entity.js';

/** Someone invited to a review meeting (reg. 20(3)), and the advice asked of them and received (reg. 20(4)). */
@Entity('ehc_review_invitees')
@Index('idx_ehc_review_invitees_school_review', ['schoolId', 'reviewId'])
@Check('ck_ehc_review_invitees_role', `"role" IN ('parent', 'young_person', 'local_authority', 'health', 'social_care', 'other')`)
export class EhcReviewInvitee {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_ehc_review_invitees' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_ehc_review_invitees' })
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

  @Column({ type: 'varchar', length: 16 })
  role: InviteeRole;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'date' })
  invitedOn: string;

  /** Invited less than two weeks before the meeting, recorded anyway by the SENCO. */
  @Column({ type: 'boolean', default: false })
  late: boolean;

  @Column({ type: 'date', nullable: true })
  adviceRequestedOn: string | null;

  @Column({ type: 'date', nullable: true })
  adviceReceivedOn: string | null;

  @Column({ type: 'text', nullable: true })
  adviceSummary: string | null;
}

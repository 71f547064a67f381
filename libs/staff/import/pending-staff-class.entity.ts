import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { School } from '#libs/tenancy';

/**
 * A class an invited member of staff will teach, from a staff import. Keyed by the invited email (not the
 * invitation) so a re-sent invitation keeps it; accepting a staff invitation moves these rows into
 * staff_classes in the same transaction (libs/auth/invitation.service.ts), so the pupil list is right at once.
 */
@Entity('pending_staff_classes')
@Index('uq_pending_staff_classes_email_class', ['schoolId', 'email', 'className'], { unique: true })
export class PendingStaffClass {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_pending_staff_classes' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_pending_staff_classes' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  /** Stored lower-cased, as invitations are. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 32 })
  className: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

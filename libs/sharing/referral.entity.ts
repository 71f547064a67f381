import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ProfessionalRole, ReferralStatus } from '#libs/vocabulary';

/** A referral to an outside service and how long the family was told to wait: overdue when past it and not seen. */
@Entity('referrals')
@Index('idx_referrals_school_pupil', ['schoolId', 'pupilId', 'referredOn'])
@Index('idx_referrals_school_status', ['schoolId', 'status', 'referredOn'])
export class Referral {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_referrals' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_referrals' })
  schoolId: string;

  @Column({ type: 'uuid' })
  pupilId: string;

  @Column({ type: 'varchar', length: 200 })
  serviceName: string;

  @Column({ type: 'varchar', length: 40 })
  serviceKind: ProfessionalRole;

  @Column({ type: 'date' })
  referredOn: string;

  @Column({ type: 'smallint' })
  expectedWaitWeeks: number;

  @Column({ type: 'varchar', length: 10 })
  status: ReferralStatus;

  @Column({ type: 'date', nullable: true })
  seenOn: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

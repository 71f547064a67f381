import { Trust } from './trust.entity.js';
import { Check, Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SCHOOL_PHASES = ['nursery', 'primary', 'middle', 'secondary', 'all-through', 'special', 'alternative-provision', 'post-16'] as const;
export type SchoolPhase = (typeof SCHOOL_PHASES)[number];

/** The tenant. Every tenant-owned row elsewhere carries `school_id` referencing this table. */
@Entity('schools')
@Check('ck_schools_review_interval', `"review_interval_weeks" BETWEEN 6 AND 12`)
@Check('ck_schools_retention_years', `"retention_years" BETWEEN 25 AND 100`)
@Check('ck_schools_leaver_retention_years', `"leaver_retention_years" BETWEEN 1 AND 25`)
export class School {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_schools_trust_id')
  @Column({ type: 'uuid', nullable: true })
  trustId: string | null;

  @ManyToOne(() => Trust, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'trust_id' })
  trust?: Trust;

  /** DfE unique reference number: 6 digits. */
  @Index('uq_schools_urn', { unique: true })
  @Column({ type: 'char', length: 6 })
  urn: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  phase: SchoolPhase;

  /** DfE local authority number, e.g. 801 (Bristol). */
  @Column({ type: 'char', length: 3 })
  laCode: string;

  @Column({ type: 'varchar', length: 100 })
  laName: string;

  @Column({ type: 'varchar', length: 64, default: 'Europe/London' })
  timezone: string;

  /**
   * Weeks between a plan starting and its review: at least termly (Code of Practice 6.65; docs/domain.md, "Reviews"), every 6–12 weeks
   * in practice; the default is a term.
   */
  @Column({ type: 'smallint', default: 12 })
  reviewIntervalWeeks: number;

  // How the school signs its messages, and who parents should contact.
  /**
   * The day the school began running SEN Support in this product. Support that began before it was
   * notified to parents outside the product, so importing it sends no formal notice.
   */
  @Column({ type: 'date', nullable: true })
  goLiveDate: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  logoUrl: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  emailSignature: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  sencoName: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  sencoEmail: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  sencoPhone: string | null;

  /** The local SEND Information, Advice and Support Service, named in the formal notice to parents. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sendiassName: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  sendiassPhone: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  sendiassUrl: string | null;

  /** Days before a review that reminders go (null: 14 and 3). */
  @Column({ type: 'smallint', array: true, nullable: true })
  reminderLeadDays: number[] | null;

  /** An overdue review is raised with the SENCO every this many days, and with the head after the second. */
  @Column({ type: 'smallint', default: 7 })
  overdueRepeatDays: number;

  @Column({ type: 'smallint', default: 14 })
  overdueHeadAfterDays: number;

  /**
   * SEN records are kept until the pupil's date of birth + this many years (docs/domain.md, "Retention"; IRMS toolkit: 31, the upper age of an
   * EHC plan, 25, + 6), then listed for the head to approve their erasure.
   */
  @Column({ type: 'smallint', default: 31 })
  retentionYears: number;

  /**
   * The shorter rule, in years after leaving, for a record this school is not the last keeper of: a pupil whose SEN
   * record was sent to their next school, or who was never on the SEN register (docs/domain.md,
   * "Retention": the DOB + 31 rule is the last school's). Default 1; the head's decision, like retentionYears.
   */
  @Column({ type: 'smallint', default: 1 })
  leaverRetentionYears: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

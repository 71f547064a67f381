import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { School } from '#libs/tenancy';

export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'published'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * One version of a school's SEN Information Report for an academic year. The SENCO writes it (draft), submits
 * it, the head approves and publishes it or returns it with comments. A published version is never changed
 * (a trigger refuses it); a later edit starts the next version from its text.
 */
@Entity('sen_reports')
@Index('uq_sen_reports_school_year_version', ['schoolId', 'academicYear', 'version'], { unique: true })
@Index('uq_sen_reports_one_open', ['schoolId', 'academicYear'], { unique: true, where: `"status" IN ('draft', 'submitted', 'returned')` })
export class SenReport {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_sen_reports' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_sen_reports' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'smallint' })
  academicYear: number;

  @Column({ type: 'smallint' })
  version: number;

  @Column({ type: 'varchar', length: 10 })
  status: ReportStatus;

  /**
   * Which list of required items this version is written to (domain/sections.ts): 1 for the 17 of s.69 and
   * Schedule 1, 2 adding the Code of Practice 6.79–6.83 items. Fixed when the version starts.
   */
  @Column({ type: 'smallint', default: 2 })
  itemSet: number;

  /** The narrative, by field key (item1, item3a …). */
  @Column({ type: 'jsonb' })
  texts: Record<string, string>;

  /** Complaints about SEN provision in the year, as the school records them (the product does not hold them). */
  @Column({ type: 'integer', nullable: true })
  complaintsCount: number | null;

  /** The published figures (already suppressed), fixed when the head approves. */
  @Column({ type: 'jsonb', nullable: true })
  figures: Record<string, unknown> | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  submittedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ type: 'text', nullable: true })
  returnComments: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

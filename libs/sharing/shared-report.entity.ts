import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ProfessionalRole } from '#libs/vocabulary';

export const SHARED_REPORT_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type SharedReportStatus = (typeof SHARED_REPORT_STATUSES)[number];

/**
 * A report a professional sent back through their link. It waits here until the SENCO accepts it (it then
 * becomes one of the pupil's professional reports, with the id kept here) or rejects it.
 */
@Entity('shared_reports')
@Index('idx_shared_reports_school_status', ['schoolId', 'status', 'createdAt'])
@Index('idx_shared_reports_school_pupil', ['schoolId', 'pupilId'])
export class SharedReport {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shared_reports' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_shared_reports' })
  schoolId: string;

  @Column({ type: 'uuid' })
  shareId: string;

  @Column({ type: 'uuid' })
  pupilId: string;

  @Column({ type: 'varchar', length: 200 })
  professionalName: string;

  @Column({ type: 'varchar', length: 40 })
  professionalRole: ProfessionalRole;

  @Column({ type: 'varchar', length: 200, nullable: true })
  organisation: string | null;

  @Column({ type: 'date' })
  reportDate: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'text', nullable: true })
  recommendations: string | null;

  /** The uploaded file, stored and scanned as any document (set when documents are available). */
  @Column({ type: 'uuid', nullable: true })
  documentId: string | null;

  @Column({ type: 'varchar', length: 10 })
  status: SharedReportStatus;

  @Column({ type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  professionalReportId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

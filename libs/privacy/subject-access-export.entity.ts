import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';

export type ExportStatus = 'queued' | 'done' | 'failed';

/**
 * A subject access export of one pupil: asked for by the SENCO or head, made by the worker as JSON (machine
 * readable), accessible HTML and PDF. The files are kept with the row until the export is deleted.
 */
@Entity('subject_access_exports')
@Check('ck_subject_access_exports_status', `"status" IN ('queued', 'done', 'failed')`)
@Index('idx_subject_access_exports_school_pupil', ['schoolId', 'pupilId', 'requestedAt'])
export class SubjectAccessExport {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_subject_access_exports' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_subject_access_exports' })
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

  @Column({ type: 'varchar', length: 8 })
  status: ExportStatus;

  @Column({ type: 'uuid', nullable: true })
  requestedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  content: object | null;

  @Column({ type: 'text', nullable: true })
  html: string | null;

  @Column({ type: 'bytea', nullable: true })
  pdf: Buffer | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  error: string | null;
}

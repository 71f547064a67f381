import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { School } from '#libs/tenancy';

export type StaffImportStatus = 'dry_run' | 'committed';

/**
 * One staff import from the MIS: the dry run's verdict, then (once) its commit. Like the pupil import, the
 * file is not kept; its SHA-256 ties the commit to the exact file the SENCO reviewed. Counts only: no names.
 */
@Entity('staff_import_batches')
@Index('idx_staff_import_batches_school_created', ['schoolId', 'createdAt'])
export class StaffImportBatch {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_staff_import_batches' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_staff_import_batches' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'varchar', length: 64 })
  mappingName: string;

  @Column({ type: 'char', length: 64 })
  fileSha256: string;

  @Column({ type: 'integer' })
  rowCount: number;

  @Column({ type: 'varchar', length: 16 })
  status: StaffImportStatus;

  @Column({ type: 'jsonb' })
  summary: Record<string, number>;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  committedAt: Date | null;
}

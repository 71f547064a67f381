import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { School } from '#libs/tenancy';

export type ImportBatchStatus = 'dry_run' | 'committed';

/**
 * One MIS import: the dry run's verdict, then (once) its commit. The file itself is not kept; its SHA-256
 * ties the commit to the exact file the SENCO reviewed.
 */
@Entity('import_batches')
@Index('idx_import_batches_school_created', ['schoolId', 'createdAt'])
export class ImportBatch {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_import_batches' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_import_batches' })
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
  status: ImportBatchStatus;

  /** Counts only (created, updated, unchanged, rejected). */
  @Column({ type: 'jsonb' })
  summary: Record<string, number>;

  /**
   * Row numbers sharing a UPN, one list per UPN, found by the dry run. The commit re-reads the same file
   * (the hash matches) as a stream, so it needs this to reject every row of a group before applying any.
   */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  duplicateRows: number[][];

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  committedAt: Date | null;
}

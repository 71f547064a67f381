import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { School } from '#libs/tenancy';
import type { ImportMapping } from './import/mappings.js';

/** Which import a saved mapping is for: the pupil register or the staff list (libs/staff/import). */
export type ImportMappingKind = 'pupils' | 'staff';

/**
 * A school's own column mapping for its MIS export, beside the built-in ones. `definition` holds the pupil
 * import's columns for kind 'pupils' and a staff mapping's columns for kind 'staff' (validated by its owner).
 */
@Entity('import_mappings')
@Check('ck_import_mappings_kind', `"kind" IN ('pupils', 'staff')`)
@Index('uq_import_mappings_school_kind_name', ['schoolId', 'kind', 'name'], { unique: true })
export class SavedImportMapping {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_import_mappings' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_import_mappings' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'varchar', length: 16, default: 'pupils' })
  kind: ImportMappingKind;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'jsonb' })
  definition: Pick<ImportMapping, 'pupil' | 'contacts' | 'surnamePosition'>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { School } from '#libs/tenancy';
import type { ImportMapping } from './import/mappings.js';

/** A school's own column mapping for its MIS export, beside the built-in ones. */
@Entity('import_mappings')
@Index('uq_import_mappings_school_name', ['schoolId', 'name'], { unique: true })
export class SavedImportMapping {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'jsonb' })
  definition: Pick<ImportMapping, 'pupil' | 'contacts' | 'surnamePosition'>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

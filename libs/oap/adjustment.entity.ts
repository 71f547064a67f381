import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An in-class adjustment (wave 1, quality-first teaching) made for a pupil, optionally naming the framework
 * expectation it meets. The pupil's record: erased with the pupil and in the subject access export.
 */
@Entity('oap_adjustments')
@Index('idx_oap_adjustments_school_pupil', ['schoolId', 'pupilId'])
export class OapAdjustment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_oap_adjustments' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_oap_adjustments' })
  schoolId: string;

  @Column({ type: 'uuid' })
  pupilId: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  expectationCode: string | null;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'date' })
  startedOn: string;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

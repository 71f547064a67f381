import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AreaOfNeed } from '#libs/register';
import type { FrequencyPeriod } from '#libs/vocabulary';
import type { EvidenceKind } from './domain/framework-file.js';

/**
 * One expectation of a school's own whole-school offer, beside its authority's framework: the same fields as a
 * framework's expectation (no level: the school has no scale of its own), compared with pupils the same way.
 */
@Entity('oap_school_expectations')
@Index('uq_oap_school_expectations_code', ['schoolId', 'code'], { unique: true })
@Check('ck_oap_school_expectations_evidence', `"evidence_kind" IN ('intervention', 'adjustment')`)
export class OapSchoolExpectation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_oap_school_expectations' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_oap_school_expectations' })
  schoolId: string;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 40 })
  areaOfNeed: AreaOfNeed;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 12 })
  evidenceKind: EvidenceKind;

  @Column({ type: 'varchar', length: 100, nullable: true })
  interventionKind: string | null;

  @Column({ type: 'smallint', nullable: true })
  frequencyCount: number | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  frequencyPeriod: FrequencyPeriod | null;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AreaOfNeed } from '#libs/register';
import type { FrequencyPeriod } from '#libs/vocabulary';
import type { EvidenceKind } from './domain/framework-file.js';
import { OapFramework } from './framework.entity.js';

/**
 * One thing the authority expects a school to provide ordinarily, for an area of need (and a level of its scale,
 * where it uses one), with how one would see it delivered: an intervention of a kind at a frequency, or an
 * adjustment in class. The code is stable across versions, so a pupil's records name it, not the row.
 */
@Entity('oap_expectations')
@Index('uq_oap_expectations_code', ['frameworkId', 'code'], { unique: true })
@Check('ck_oap_expectations_evidence', `"evidence_kind" IN ('intervention', 'adjustment')`)
export class OapExpectation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_oap_expectations' })
  id: string;

  @Column({ type: 'uuid' })
  frameworkId: string;

  @ManyToOne(() => OapFramework, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'framework_id', foreignKeyConstraintName: 'fk_oap_expectations_framework' })
  framework?: OapFramework;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 40 })
  areaOfNeed: AreaOfNeed;

  @Column({ type: 'varchar', length: 40, nullable: true })
  level: string | null;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 12 })
  evidenceKind: EvidenceKind;

  /** For an intervention: the kind, matched against the school's intervention names and plan provision lines. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  interventionKind: string | null;

  @Column({ type: 'smallint', nullable: true })
  frequencyCount: number | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  frequencyPeriod: FrequencyPeriod | null;
}

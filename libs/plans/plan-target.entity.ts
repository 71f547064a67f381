import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AreaOfNeed } from '#libs/register';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import { PlanVersion } from './plan-version.entity.js';

/** An outcome sought: what, how it is measured, from where, to what, by when. */
@Entity('plan_targets')
@Index('idx_plan_targets_school_version', ['schoolId', 'versionId', 'position'])
@Index('idx_plan_targets_school_pupil', ['schoolId', 'pupilId'])
@Check('ck_plan_targets_position', `"position" >= 0`)
export class PlanTarget {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_plan_targets' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_plan_targets' })
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

  @Column({ type: 'uuid' })
  versionId: string;

  @ManyToOne(() => PlanVersion, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'version_id', referencedColumnName: 'id' },
  ])
  version?: PlanVersion;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  areaOfNeed: AreaOfNeed | null;

  @Column({ type: 'text', nullable: true })
  measure: string | null;

  @Column({ type: 'text', nullable: true })
  baseline: string | null;

  /** The target value or success criterion. */
  @Column({ type: 'text', nullable: true })
  successCriterion: string | null;

  @Column({ type: 'date', nullable: true })
  targetDate: string | null;

  /** The previous cycle's target this one carries forward. */
  @Column({ type: 'uuid', nullable: true })
  carriedFromId: string | null;

  @ManyToOne(() => PlanTarget, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'carried_from_id', referencedColumnName: 'id' },
  ])
  carriedFrom?: PlanTarget;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { Involvement, NeedDescription, VersionStatus } from './domain/plan.types.js';
import { PlanCycle } from './plan-cycle.entity.js';

/**
 * One version of a cycle's written plan: the Assess and Plan stages. A draft is edited in place; once agreed
 * a version is frozen (a trigger refuses any change to its content) and an edit makes the next version.
 * At most one draft and one active version per cycle.
 */
@Entity('plan_versions')
@Index('uq_plan_versions_cycle_version', ['schoolId', 'cycleId', 'version'], { unique: true })
@Index('uq_plan_versions_one_draft', ['schoolId', 'cycleId'], { unique: true, where: `"status" = 'draft'` })
@Index('uq_plan_versions_one_active', ['schoolId', 'cycleId'], { unique: true, where: `"status" = 'active'` })
@Index('idx_plan_versions_school_pupil', ['schoolId', 'pupilId'])
export class PlanVersion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_plan_versions' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_plan_versions' })
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
  cycleId: string;

  @ManyToOne(() => PlanCycle, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'cycle_id', referencedColumnName: 'id' },
  ])
  cycle?: PlanCycle;

  @Column({ type: 'smallint' })
  version: number;

  @Column({ type: 'varchar', length: 12 })
  status: VersionStatus;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  reviewDate: string | null;

  /** Assess: the needs described specifically, per area of need. */
  @Column({ type: 'jsonb' })
  needs: NeedDescription[];

  @Column({ type: 'text', nullable: true })
  strengths: string | null;

  @Column({ type: 'text', nullable: true })
  attainment: string | null;

  @Column({ type: 'text', nullable: true })
  pupilViews: string | null;

  @Column({ type: 'text', nullable: true })
  parentViews: string | null;

  /** What the parents will do at home. */
  @Column({ type: 'text', nullable: true })
  homeSupport: string | null;

  /** How the parents were involved in agreeing this version (Code of Practice 6.48). */
  @Column({ type: 'jsonb', nullable: true })
  involvement: Involvement | null;

  /** Why this version differs from the one before it. */
  @Column({ type: 'text', nullable: true })
  changeSummary: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'date', nullable: true })
  agreedOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  agreedBy: string | null;

  @Column({ type: 'date', nullable: true })
  activatedOn: string | null;

  @Column({ type: 'date', nullable: true })
  supersededOn: string | null;
}

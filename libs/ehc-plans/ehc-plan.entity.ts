import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { PlanOutcome } from './domain/ehc.types.js';

/**
 * A version of a pupil's EHC plan as the local authority issued it: version 1 the plan issued, each later one
 * an amended plan (with the proposed and final amended plan dates). Versions are added, never rewritten.
 */
@Entity('ehc_plans')
@Index('uq_ehc_plans_pupil_version', ['schoolId', 'pupilId', 'version'], { unique: true })
export class EhcPlan {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_ehc_plans' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_ehc_plans' })
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

  @Column({ type: 'smallint' })
  version: number;

  /** The date the plan was first issued (kept on every version: the register's E date). */
  @Column({ type: 'date' })
  issuedOn: string;

  @Column({ type: 'varchar', length: 200 })
  authority: string;

  @Column({ type: 'jsonb' })
  outcomes: PlanOutcome[];

  /** The pupil's own phase-transfer setting: a year group to leave from, 'none', or null for the school's phase. */
  @Column({ type: 'varchar', length: 4, nullable: true })
  transferSetting: string | null;

  @Column({ type: 'date', nullable: true })
  proposedAmendedOn: string | null;

  @Column({ type: 'date', nullable: true })
  finalAmendedOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

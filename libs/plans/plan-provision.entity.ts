import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Intervention } from '#libs/interventions';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { FrequencyPeriod, StaffRole } from './domain/plan.types.js';
import { PlanVersion } from './plan-version.entity.js';

/** A provision item: what, delivered by whom, how often, how long each time, in what group, from when to when. */
@Entity('plan_provisions')
@Index('idx_plan_provisions_school_version', ['schoolId', 'versionId', 'position'])
@Index('idx_plan_provisions_school_pupil', ['schoolId', 'pupilId'])
@Index('idx_plan_provisions_school_intervention', ['schoolId', 'interventionId'])
@Check(
  'ck_plan_provisions_numbers',
  `("frequency_count" IS NULL OR "frequency_count" > 0) AND ("minutes_per_session" IS NULL OR "minutes_per_session" > 0) AND ("group_size" IS NULL OR "group_size" > 0) AND "position" >= 0`,
)
@Check('ck_plan_provisions_period', `"ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on"`)
export class PlanProvision {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_plan_provisions' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_plan_provisions' })
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

  /** The intervention in the school's catalogue this provision is, where one exists. */
  @Column({ type: 'uuid', nullable: true })
  interventionId: string | null;

  @ManyToOne(() => Intervention, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'intervention_id', referencedColumnName: 'id' },
  ])
  intervention?: Intervention;

  @Column({ type: 'varchar', length: 40, nullable: true })
  staffRole: StaffRole | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  deliveredBy: string | null;

  @Column({ type: 'smallint', nullable: true })
  frequencyCount: number | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  frequencyPeriod: FrequencyPeriod | null;

  @Column({ type: 'smallint', nullable: true })
  minutesPerSession: number | null;

  @Column({ type: 'smallint', nullable: true })
  groupSize: number | null;

  @Column({ type: 'date', nullable: true })
  startsOn: string | null;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;
}

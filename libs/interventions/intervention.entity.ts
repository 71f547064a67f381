import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { FrequencyPeriod, StaffRole } from '#libs/vocabulary';
import type { AreaOfNeed } from '#libs/register';
import { School } from '#libs/tenancy';

/** An intervention in the school's catalogue: what it is, its usual dose, who delivers it, what it costs. */
@Entity('interventions')
@Index('uq_interventions_school_name', ['schoolId', 'name'], { unique: true })
export class Intervention {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_interventions' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_interventions' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  areaOfNeed: AreaOfNeed | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  evidenceNotes: string | null;

  @Column({ type: 'smallint', nullable: true })
  frequencyCount: number | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  frequencyPeriod: FrequencyPeriod | null;

  @Column({ type: 'smallint', nullable: true })
  sessionMinutes: number | null;

  @Column({ type: 'smallint', nullable: true })
  groupSize: number | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  deliveringRole: StaffRole | null;

  /** Staff cost of one hour of delivery, in pence. */
  @Column({ type: 'integer', nullable: true })
  staffCostPerHourPence: number | null;

  /** Resources (books, licences) per group run, in pence. */
  @Column({ type: 'integer', nullable: true })
  resourceCostPence: number | null;

  /** The entry and exit measure the programme suggests, e.g. "Reading age (months)". */
  @Column({ type: 'varchar', length: 100, nullable: true })
  suggestedMeasure: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

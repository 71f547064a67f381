import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { Profession } from './domain/plan.types.js';
import { PlanCycle } from './plan-cycle.entity.js';

/** Advice from an outside professional (educational psychologist, speech and language therapist …). */
@Entity('professional_reports')
@Index('idx_professional_reports_school_pupil', ['schoolId', 'pupilId', 'reportDate'])
export class ProfessionalReport {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_professional_reports' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_professional_reports' })
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

  /** The cycle whose assessment it informed, when recorded during one. */
  @Column({ type: 'uuid', nullable: true })
  cycleId: string | null;

  @ManyToOne(() => PlanCycle, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'cycle_id', referencedColumnName: 'id' },
  ])
  cycle?: PlanCycle;

  @Column({ type: 'varchar', length: 40 })
  profession: Profession;

  @Column({ type: 'varchar', length: 200 })
  professionalName: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  organisation: string | null;

  @Column({ type: 'date' })
  reportDate: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'text', nullable: true })
  recommendations: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

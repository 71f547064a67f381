import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { Profession } from './domain/plan.types.js';
import { PlanCycle } from './plan-cycle.entity.js';

/** Advice from an outside professional (educational psychologist, speech and language therapist …). */
@Entity('professional_reports')
@Index('idx_professional_reports_school_pupil', ['schoolId', 'pupilId', 'reportDate'])
export class ProfessionalReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  pupilId: string;

  @ManyToOne(() => Pupil, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pupil_id' })
  pupil?: Pupil;

  /** The cycle whose assessment it informed, when recorded during one. */
  @Column({ type: 'uuid', nullable: true })
  cycleId: string | null;

  @ManyToOne(() => PlanCycle, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cycle_id' })
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

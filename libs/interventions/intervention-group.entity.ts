import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { School } from '#libs/tenancy';
import { Intervention } from './intervention.entity.js';

/** A group running an intervention: its staff, pupils and weekly timetable, from one date to another. */
@Entity('intervention_groups')
@Index('idx_intervention_groups_school_intervention', ['schoolId', 'interventionId'])
@Index('idx_intervention_groups_school_period', ['schoolId', 'startsOn'])
@Check('ck_intervention_groups_period', `"ends_on" >= "starts_on"`)
export class InterventionGroup {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_intervention_groups' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_intervention_groups' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  interventionId: string;

  @ManyToOne(() => Intervention, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'intervention_id', referencedColumnName: 'id' },
  ])
  intervention?: Intervention;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date' })
  endsOn: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  location: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

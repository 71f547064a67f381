import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { School } from '#libs/tenancy';
import { InterventionGroup } from './intervention-group.entity.js';

/** One weekly slot of a group's timetable: a weekday (Monday = 1), a start time and a length. */
@Entity('group_slots')
@Index('idx_group_slots_school_group', ['schoolId', 'groupId'])
@Check('ck_group_slots_values', `"weekday" BETWEEN 1 AND 5 AND "minutes" BETWEEN 1 AND 390`)
export class GroupSlot {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_group_slots' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_group_slots' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  groupId: string;

  @ManyToOne(() => InterventionGroup, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'group_id', referencedColumnName: 'id' },
  ])
  group?: InterventionGroup;

  @Column({ type: 'smallint' })
  weekday: number;

  /** 'HH:MM:SS' as PostgreSQL returns a time. */
  @Column({ type: 'time' })
  startTime: string;

  @Column({ type: 'smallint' })
  minutes: number;
}

import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '#libs/auth';
import { School } from '#libs/tenancy';
import { InterventionGroup } from './intervention-group.entity.js';

/** Who delivers a group's sessions (a teacher or teaching assistant). They record them. */
@Entity('group_staff')
@Index('uq_group_staff_group_user', ['schoolId', 'groupId', 'userId'], { unique: true })
@Index('idx_group_staff_school_user', ['schoolId', 'userId'])
export class GroupStaff {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_group_staff' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_group_staff' })
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

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: User;
}

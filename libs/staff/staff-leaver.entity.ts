import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '#libs/auth';
import { School } from '#libs/tenancy';

/**
 * A member of staff who left the school. Their memberships and class assignments are removed (so access
 * ends at once); this row keeps the history of which roles and classes they held and who recorded it.
 */
@Entity('staff_leavers')
@Index('idx_staff_leavers_school_user', ['schoolId', 'userId'])
export class StaffLeaver {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_staff_leavers' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_staff_leavers' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', array: true })
  roles: string[];

  @Column({ type: 'varchar', array: true })
  classNames: string[];

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  leftAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '#libs/auth';
import { School } from '#libs/tenancy';

/** A class or form a member of staff teaches: a teacher sees the SEN pupils of these classes only. */
@Entity('staff_classes')
@Index('uq_staff_classes_user_class', ['schoolId', 'userId', 'className'], { unique: true })
@Index('idx_staff_classes_class', ['schoolId', 'className'])
export class StaffClass {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_staff_classes' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_staff_classes' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  className: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

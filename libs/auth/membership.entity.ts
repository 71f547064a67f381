import { School } from '#libs/tenancy';
import { User } from './user.entity.js';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { SchoolRole } from '#libs/vocabulary';

/** A user's role in one school. Tenant-owned: school_id leads its indexes, as RLS filters on it. */
@Entity('memberships')
@Index('uq_memberships_school_user_role', ['schoolId', 'userId', 'role'], { unique: true })
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Index('idx_memberships_user_id')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 16 })
  role: SchoolRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

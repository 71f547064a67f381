import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '#libs/auth';
import { School } from '#libs/tenancy';
import type { Channel } from './domain/values.js';

/** A parent or carer known to the school. One contact may be linked to several pupils (siblings). */
@Entity('contacts')
@Index('idx_contacts_school_user', ['schoolId', 'userId'])
@Index('idx_contacts_school_email', ['schoolId', 'email'])
export class Contact {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contacts' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_contacts' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'varchar', length: 100 })
  firstName: string;

  @Column({ type: 'varchar', length: 100 })
  lastName: string;

  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 8 })
  preferredChannel: Channel;

  /** The parent's choice for messages the law does not require (the formal SEN Support notice always goes). */
  @Column({ type: 'boolean', default: true })
  notifyEmail: boolean;

  @Column({ type: 'boolean', default: true })
  notifyInApp: boolean;

  /** The parent account this contact accepted an invitation into; it sees only this contact's pupils. */
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

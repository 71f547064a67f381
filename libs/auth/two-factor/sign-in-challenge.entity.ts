import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../user.entity.js';

/**
 * The half-way point of a two-step sign-in: the first factor (password, or later SSO) succeeded and a second
 * is wanted. Not a session: it opens nothing but the second-step routes, lives minutes, and is spent once.
 */
@Entity('sign_in_challenges')
export class SignInChallenge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_sign_in_challenges_user_id')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index('uq_sign_in_challenges_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  /** How the first factor was given ('password', 'sso'), for the audit of the finished sign-in. */
  @Column({ type: 'varchar', length: 16 })
  primaryMethod: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

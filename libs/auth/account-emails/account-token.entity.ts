import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../user.entity.js';

export const ACCOUNT_TOKEN_PURPOSES = ['password_reset', 'email_change'] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/**
 * A single-use link sent to a user by email: a password reset, or the confirmation of a new email address.
 * Belongs to a user, not a school (like `refresh_sessions`), so no school_id. Only the token's SHA-256 is
 * stored; the emailed link exists in plain form only in the message as it is sent.
 */
@Entity('account_tokens')
export class AccountToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_account_tokens_user_id')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 24 })
  purpose: AccountTokenPurpose;

  @Index('uq_account_tokens_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  /** For an email change: the address to confirm, and the one it replaces (told of the change). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  newEmail: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  oldEmail: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

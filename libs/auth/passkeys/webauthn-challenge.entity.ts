import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../user.entity.js';

export type WebauthnPurpose = 'register' | 'sign_in';

/**
 * A WebAuthn challenge handed to a browser: single-use, minutes long, kept only as its SHA-256. Its own table
 * rather than `sign_in_challenges`, because a passkey sign-in starts before anyone is known (discoverable
 * credentials: no email is asked), so there is no user to hang it on; a registration's challenge names its user.
 */
@Entity('webauthn_challenges')
export class WebauthnChallenge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_webauthn_challenges_challenge_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  challengeHash: string;

  @Column({ type: 'varchar', length: 16 })
  purpose: WebauthnPurpose;

  /** Whose registration this is; null for a sign-in, where the passkey itself says who. */
  @Index('idx_webauthn_challenges_user_id')
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

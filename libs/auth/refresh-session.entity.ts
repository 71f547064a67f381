import { User } from './user.entity.js';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One refresh token. Tokens rotate: each refresh revokes the presented token and issues a new one in the
 * same family. Presenting a revoked token again means it was stolen or replayed, so the whole family is
 * revoked. Only a SHA-256 of the token is stored.
 */
@Entity('refresh_sessions')
export class RefreshSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_refresh_sessions_user_id')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index('idx_refresh_sessions_family_id')
  @Column({ type: 'uuid' })
  familyId: string;

  @Index('uq_refresh_sessions_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedReason: string | null;

  /** A coarse browser label for "Your devices" (device-label.ts), carried across rotations. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  deviceLabel: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

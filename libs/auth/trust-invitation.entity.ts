import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Trust } from '#libs/tenancy';

/**
 * The platform admin's invitation to lead a trust: single-use, expiring, only a SHA-256 of its token stored
 * (like a school's Invitation). Accepting it adds the trust membership (migration 1765177000000).
 */
@Entity('trust_invitations')
@Index('idx_trust_invitations_trust_created', ['trustId', 'createdAt'])
export class TrustInvitation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_trust_invitations' })
  id: string;

  @Column({ type: 'uuid' })
  trustId: string;

  @ManyToOne(() => Trust, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trust_id', foreignKeyConstraintName: 'fk_trust_invitations_trust' })
  trust?: Trust;

  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Index('uq_trust_invitations_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'uuid', nullable: true })
  invitedBy: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acceptedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

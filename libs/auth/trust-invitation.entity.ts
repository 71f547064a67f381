import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { InvitationColumns } from './invitation-columns.js';
import { Trust } from '#libs/tenancy';

/**
 * The platform admin's invitation to lead a trust: single-use, expiring, only a SHA-256 of its token stored
 * (like a school's Invitation). Accepting it adds the trust membership (migration 1765177000000).
 */
@Entity('trust_invitations')
@Index('idx_trust_invitations_trust_created', ['trustId', 'createdAt'])
@Index('uq_trust_invitations_token_hash', ['tokenHash'], { unique: true })
export class TrustInvitation extends InvitationColumns {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_trust_invitations' })
  id: string;

  @Column({ type: 'uuid' })
  trustId: string;

  @ManyToOne(() => Trust, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trust_id', foreignKeyConstraintName: 'fk_trust_invitations_trust' })
  trust?: Trust;
}

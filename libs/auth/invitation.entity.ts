import { School } from '#libs/tenancy';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { SchoolRole } from '#libs/vocabulary';

/** A single-use, expiring invitation to join a school in a role. Only a SHA-256 of the token is stored. */
@Entity('invitations')
@Index('idx_invitations_school_created', ['schoolId', 'createdAt'])
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 16 })
  role: SchoolRole;

  /**
   * For a parent invitation: the register contact the new account becomes. A plain id, not a relation, so
   * auth does not depend on the register module; accepting checks the contact exists in the school.
   */
  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @Index('uq_invitations_token_hash', { unique: true })
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

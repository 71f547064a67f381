import { Column, CreateDateColumn } from 'typeorm';

/**
 * What every invitation has, a school's (invitations) or a trust lead's (trust_invitations): the address, the
 * SHA-256 of its single-use token (each table declares its own unique index on it), who sent it and its
 * lifecycle. Each table declares its own id and owner key.
 */
export abstract class InvitationColumns {
  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

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

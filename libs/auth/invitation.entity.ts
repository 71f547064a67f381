import { School } from '#libs/tenancy';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { InvitationColumns } from './invitation-columns.js';
import type { SchoolRole } from '#libs/vocabulary';

/** A single-use, expiring invitation to join a school in a role. Only a SHA-256 of the token is stored. */
@Entity('invitations')
@Index('idx_invitations_school_created', ['schoolId', 'createdAt'])
@Index('idx_invitations_token_hash', ['tokenHash'])
@Index('uq_invitations_token_hash', ['schoolId', 'tokenHash'], { unique: true })
export class Invitation extends InvitationColumns {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_invitations' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_invitations' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'varchar', length: 16 })
  role: SchoolRole;

  /**
   * For a parent invitation: the register contact the new account becomes. A plain id, not a relation, so
   * auth does not depend on the register module; accepting checks the contact exists in the school.
   */
  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;
}

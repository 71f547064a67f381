import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ConsentGiver, ProfessionalRole } from '#libs/vocabulary';

/**
 * A pupil's record shared with one named outside professional, by a link that expires and can be revoked.
 * The consent it rests on is part of the row: no share exists without it. Only the link token's SHA-256 is kept.
 */
@Entity('professional_shares')
@Index('idx_professional_shares_token_hash', ['tokenHash'])
@Index('uq_professional_shares_token_hash', ['schoolId', 'tokenHash'], { unique: true })
@Index('idx_professional_shares_school_pupil', ['schoolId', 'pupilId', 'createdAt'])
export class ProfessionalShare {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_professional_shares' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_professional_shares' })
  schoolId: string;

  @Column({ type: 'uuid' })
  pupilId: string;

  @Column({ type: 'varchar', length: 200 })
  professionalName: string;

  @Column({ type: 'varchar', length: 254 })
  professionalEmail: string;

  @Column({ type: 'varchar', length: 40 })
  professionalRole: ProfessionalRole;

  @Column({ type: 'varchar', length: 200, nullable: true })
  organisation: string | null;

  /** Who consented: their name as given, and whether a parent, a carer or the young person. */
  @Column({ type: 'varchar', length: 200 })
  consentGivenBy: string;

  @Column({ type: 'varchar', length: 20 })
  consentRelationship: ConsentGiver;

  @Column({ type: 'date' })
  consentGivenOn: string;

  @Column({ type: 'text' })
  consentPurpose: string;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A one-time code sent to the professional's email: 6 digits, 10 minutes, a few attempts, used once. Using it
 * opens a viewing session of an hour, whose key (hashed here) the page presents on each request.
 */
@Entity('share_codes')
@Index('idx_share_codes_share', ['schoolId', 'shareId', 'createdAt'])
@Index('idx_share_codes_session_hash', ['sessionHash'])
@Index('uq_share_codes_session_hash', ['schoolId', 'sessionHash'], { unique: true })
export class ShareCode {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_share_codes' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_share_codes' })
  schoolId: string;

  @Column({ type: 'uuid' })
  shareId: string;

  @Column({ type: 'uuid' })
  pupilId: string;

  @Column({ type: 'char', length: 64 })
  codeHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'smallint', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sessionHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sessionExpiresAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

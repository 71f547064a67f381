import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../user.entity.js';

/** A user's authenticator app (RFC 6238). One per user; global like `users` (a person may be in several schools). */
@Entity('user_totp_factors')
export class TotpFactor {
  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** The base32 seed, sealed with AES-256-GCM (libs/auth/secret-box.ts); never stored in the clear. */
  @Column({ type: 'varchar', length: 255 })
  secretSealed: string;

  /** Null until the first code proves the app holds the seed; an unconfirmed factor signs nobody in. */
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** The 30-second step of the last code accepted: a code of that step or earlier is refused (no replay). */
  @Column({ type: 'integer', nullable: true })
  lastUsedStep: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

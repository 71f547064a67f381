import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../user.entity.js';

/** bigint comes back from pg as text; a WebAuthn signature counter is a 32-bit unsigned number, safe as a JS number. */
const counterColumn = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * A passkey (WebAuthn credential) a user registered. Global like `users` and `user_totp_factors`: a person may
 * belong to several schools and signs in once. Only the public key is kept; the private key never leaves the
 * authenticator.
 */
@Entity('user_passkeys')
export class UserPasskey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_user_passkeys_user_id')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** The credential id, base64url, as the authenticator gave it; a sign-in finds its passkey by it. */
  @Index('uq_user_passkeys_credential_id', { unique: true })
  @Column({ type: 'varchar', length: 1400 })
  credentialId: string;

  /** The COSE public key. Public by nature: it can check signatures, not make them. */
  @Column({ type: 'bytea' })
  publicKey: Buffer;

  /** The authenticator's signature counter at its last use: a counter that goes backwards means a cloned key. */
  @Column({ type: 'bigint', transformer: counterColumn })
  counter: number;

  /** How the browser can reach the authenticator ('internal', 'hybrid', 'usb', …), a hint for later sign-ins. */
  @Column({ type: 'varchar', length: 16, array: true, default: () => "'{}'" })
  transports: string[];

  /** The user's own label ("Work laptop"), so they can tell their passkeys apart. */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}

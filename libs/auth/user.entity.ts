import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A person who can sign in. Global (not tenant-owned): one person may belong to several schools. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased; unique across the platform. */
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  /** argon2id, in PHC string format. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean', default: false })
  isPlatformAdmin: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** When the address was last proven to be theirs (an emailed invitation or link used); null if never. */
  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  /**
   * Moved by the database's triggers whenever anything the user's principal is built from changes
   * (migrations/1765320000000-principal-stamp.ts); the code only reads it (libs/auth/principal.ts).
   */
  @Column({ type: 'bigint', default: 0, select: false, insert: false, update: false })
  principalStamp: string;
}

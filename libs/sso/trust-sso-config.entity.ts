import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Trust } from '#libs/tenancy';

/**
 * A trust's OpenID Connect provider: the schools of the trust with no enabled provider of their own sign their
 * staff in with it. The client secret is sealed, bound to the trust (trustClientSecretPurpose).
 */
@Entity('trust_sso_configs')
export class TrustSsoConfig {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_trust_sso_configs' })
  id: string;

  @Index('uq_trust_sso_configs_trust', { unique: true })
  @Column({ type: 'uuid' })
  trustId: string;

  @ManyToOne(() => Trust, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trust_id', foreignKeyConstraintName: 'fk_trust_sso_configs_trust' })
  trust?: Trust;

  @Column({ type: 'varchar', length: 500 })
  issuer: string;

  @Column({ type: 'varchar', length: 200 })
  clientId: string;

  @Column({ type: 'text' })
  clientSecretSealed: string;

  /** Lower-case email domains whose staff may sign in this way. */
  @Column({ type: 'text', array: true })
  allowedDomains: string[];

  @Column({ type: 'boolean', default: false })
  enabled: boolean;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

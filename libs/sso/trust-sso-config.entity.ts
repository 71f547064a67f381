import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Trust } from '#libs/tenancy';
import { SsoProviderColumns } from './sso-provider-columns.js';

/**
 * A trust's OpenID Connect provider: the schools of the trust with no enabled provider of their own sign their
 * staff in with it, and the trust's leads too. The client secret is bound to the trust (trustClientSecretPurpose).
 */
@Entity('trust_sso_configs')
export class TrustSsoConfig extends SsoProviderColumns {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_trust_sso_configs' })
  id: string;

  @Index('uq_trust_sso_configs_trust', { unique: true })
  @Column({ type: 'uuid' })
  trustId: string;

  @ManyToOne(() => Trust, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trust_id', foreignKeyConstraintName: 'fk_trust_sso_configs_trust' })
  trust?: Trust;
}

import { Column, UpdateDateColumn } from 'typeorm';

/**
 * The columns of an OpenID Connect provider, whoever keeps it (a school's, sso_configs; a trust's,
 * trust_sso_configs): each table declares its own id and owner key. The client secret is sealed (libs/auth
 * secret box) and bound to its owner, so one owner's row copied to another does not open.
 */
export abstract class SsoProviderColumns {
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

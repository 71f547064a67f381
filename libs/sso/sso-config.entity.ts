import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { School } from '#libs/tenancy';

/** A school's OpenID Connect provider for staff sign-in. The client secret is sealed (libs/auth secret box). */
@Entity('sso_configs')
export class SsoConfig {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_sso_configs' })
  id: string;

  @Index('uq_sso_configs_school', { unique: true })
  @Column({ type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'fk_sso_configs_school' })
  school?: School;

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

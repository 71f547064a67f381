import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { School } from '#libs/tenancy';
import { SsoProviderColumns } from './sso-provider-columns.js';

/** A school's OpenID Connect provider for staff sign-in. */
@Entity('sso_configs')
export class SsoConfig extends SsoProviderColumns {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_sso_configs' })
  id: string;

  @Index('uq_sso_configs_school', { unique: true })
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_sso_configs' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'school_id', foreignKeyConstraintName: 'fk_sso_configs_school' })
  school?: School;
}

import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Trust } from '#libs/tenancy';

/** Which roles must sign in with a second factor in every school of a trust (the trust lead decides). */
@Entity('trust_two_factor_policies')
export class TrustTwoFactorPolicy {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_trust_two_factor_policies' })
  trustId: string;

  @ManyToOne(() => Trust, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trust_id', foreignKeyConstraintName: 'fk_trust_two_factor_policies_trust' })
  trust?: Trust;

  /** Any of senco, head, trust_lead. */
  @Column({ type: 'varchar', length: 16, array: true })
  roles: string[];

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

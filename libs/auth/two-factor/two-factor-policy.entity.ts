import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { School } from '#libs/tenancy';

/** Which roles of a school must sign in with a second factor (the head decides). Tenant-owned. */
@Entity('two_factor_policies')
export class TwoFactorPolicy {
  @PrimaryColumn('uuid')
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  /** Any of senco, head, trust_lead (a trust lead of the school's trust). */
  @Column({ type: 'varchar', length: 16, array: true })
  roles: string[];

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

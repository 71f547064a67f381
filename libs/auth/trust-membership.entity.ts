import { Trust } from '#libs/tenancy';
import { User } from './user.entity.js';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A trust lead: sees every school of the trust. */
@Entity('trust_memberships')
@Index('uq_trust_memberships_trust_user', ['trustId', 'userId'], { unique: true })
export class TrustMembership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  trustId: string;

  @ManyToOne(() => Trust, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trust_id' })
  trust?: Trust;

  @Index('idx_trust_memberships_user_id')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 16, default: 'trust_lead' })
  role: 'trust_lead';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

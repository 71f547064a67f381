import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '#libs/auth';
import { School } from '#libs/tenancy';

/**
 * A private iCalendar link for one member of staff at one school. Only the SHA-256 of its token is kept, so
 * the database cannot give the link away; a new link revokes the old one.
 */
@Entity('calendar_feeds')
@Index('idx_calendar_feeds_token_hash', ['tokenHash'])
@Index('uq_calendar_feeds_token_hash', ['schoolId', 'tokenHash'], { unique: true })
@Index('idx_calendar_feeds_school_user', ['schoolId', 'userId'])
export class CalendarFeed {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_calendar_feeds' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_calendar_feeds' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

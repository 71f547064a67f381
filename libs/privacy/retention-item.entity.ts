import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';

/**
 * listed: past the retention rule, waiting for the head. approved: the head said erase; the worker will.
 * rejected: the head said keep (for now; a later scan lists the pupil again). erased: done.
 */
export type RetentionStatus = 'listed' | 'approved' | 'rejected' | 'erased';

/**
 * Which rule listed the item. last_school: date of birth + the school's retentionYears (IRMS: 31), for the SEN
 * record of a pupil whose last school this is. transferred: the record was sent to the next school, which keeps
 * it; this school keeps its copy leaverRetentionYears after leaving. never_on_register: never on SEN support or
 * an EHC plan, so no SEN record to keep long; the same shorter rule.
 */
export const RETENTION_RULES = ['last_school', 'transferred', 'never_on_register'] as const;
export type RetentionRule = (typeof RETENTION_RULES)[number];

/**
 * A pupil whose SEN record is past the school's retention rule (date of birth + N years, and off roll). Nothing
 * is erased unless the head approved this item: the database's erase function refuses otherwise.
 */
@Entity('retention_items')
@Check('ck_retention_items_status', `"status" IN ('listed', 'approved', 'rejected', 'erased')`)
@Check('ck_retention_items_rule', `"rule" IN ('last_school', 'transferred', 'never_on_register')`)
@Index('uq_retention_items_open', ['schoolId', 'pupilId'], { unique: true, where: `status in ('listed', 'approved')` })
@Index('idx_retention_items_school_status', ['schoolId', 'status', 'listedAt'])
export class RetentionItem {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_retention_items' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_retention_items' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  pupilId: string;

  @ManyToOne(() => Pupil, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'pupil_id', referencedColumnName: 'id' },
  ])
  pupil?: Pupil;

  /** The day the record passed the rule (date of birth + retentionYears, or leaving date + leaverRetentionYears). */
  @Column({ type: 'date' })
  dueOn: string;

  /** The rule's years: after date of birth for last_school, after leaving for the other two. */
  @Column({ type: 'smallint' })
  ruleYears: number;

  @Column({ type: 'varchar', length: 20, default: 'last_school' })
  rule: RetentionRule;

  @Column({ type: 'varchar', length: 10 })
  status: RetentionStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  listedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  /** Rows erased per table, and what was kept anonymised for statistics (ids and counts only). */
  @Column({ type: 'jsonb', nullable: true })
  erasure: Record<string, number> | null;
}

import { Check, Column, CreateDateColumn, Entity, Exclusion, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { School } from '#libs/tenancy';
import type { NeedCode, SenStatus } from './domain/needs.js';
import { Pupil } from './pupil.entity.js';

/**
 * One period of a pupil's SEN status, from `startDate` (inclusive) to `endDate` (exclusive: the day the next
 * status began). Entries are appended, never overwritten; the database refuses overlapping periods.
 * A pupil with no entry has never been anything but N.
 */
@Entity('sen_status_entries')
@Index('idx_sen_status_school_pupil', ['schoolId', 'pupilId', 'startDate'])
@Index('idx_sen_status_school_status', ['schoolId', 'status', 'startDate'])
@Exclusion('ex_sen_status_no_overlap', `USING gist ("school_id" WITH =, "pupil_id" WITH =, daterange("start_date", "end_date", '[)') WITH &&)`)
@Check('ck_sen_status_period', `"end_date" IS NULL OR "end_date" > "start_date"`)
export class SenStatusEntry {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_sen_status_entries' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_sen_status_entries' })
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

  @Column({ type: 'varchar', length: 10 })
  status: SenStatus;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  primaryNeed: NeedCode | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  secondaryNeed: NeedCode | null;

  /** The date the EHC plan was issued; required for E. */
  @Column({ type: 'date', nullable: true })
  ehcPlanDate: string | null;

  /**
   * For K and E: the day the pupil's unbroken time on the register began ("date placed"); a change of need
   * or from K to E carries it forward.
   */
  @Column({ type: 'date', nullable: true })
  registerSince: string | null;

  /** The evidence or reason for the change, as the SENCO recorded it. */
  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;

  /** Entry to K: the outbox event that asks for the formal notice to parents (CFA 2014 s.68; docs/domain.md, "Formal notice"). */
  @Column({ type: 'uuid', nullable: true })
  noticeEventId: string | null;

  /**
   * Entry to K whose formal notice the school gave outside this product (support that began before the
   * school's go-live date, or a SENCO saying parents were already told): no event, nothing is sent.
   */
  @Column({ type: 'boolean', default: false })
  noticeGivenOutside: boolean;

  /** Set by the notifications module once every contact with parental responsibility was sent the notice. */
  @Column({ type: 'timestamptz', nullable: true })
  parentsNotifiedAt: Date | null;
}

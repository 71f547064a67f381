import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { EhcClock } from './ehc-clocks.js';
import { EhcRequest } from './ehc-request.entity.js';

export const CLOCK_REMINDER_KINDS = ['soon', 'today', 'missed'] as const;
export type ClockReminderKind = (typeof CLOCK_REMINDER_KINDS)[number];

/**
 * A reminder the daily clock scan raised. The unique key (request, clock, kind, due date) makes a rerun of the
 * scan, or a retried job, send nothing twice; a corrected receipt (a new due date) reminds afresh.
 */
@Entity('ehc_request_reminders')
@Check('ck_ehc_request_reminders_kind', `"kind" IN ('soon', 'today', 'missed')`)
@Index('uq_ehc_request_reminders_key', ['schoolId', 'requestId', 'clock', 'kind', 'dueOn'], { unique: true })
@Index('idx_ehc_request_reminders_school_pupil', ['schoolId', 'pupilId'])
export class EhcRequestReminder {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_ehc_request_reminders' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_ehc_request_reminders' })
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

  @Column({ type: 'uuid' })
  requestId: string;

  @ManyToOne(() => EhcRequest, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'request_id', referencedColumnName: 'id' },
  ])
  request?: EhcRequest;

  @Column({ type: 'varchar', length: 16 })
  clock: EhcClock;

  @Column({ type: 'varchar', length: 8 })
  kind: ClockReminderKind;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'date' })
  raisedOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import type { EhcClock, EhcExceptionKind, EhcOutcome } from './ehc-clocks.js';
import { EhcRequest } from './ehc-request.entity.js';

export const EVENT_KINDS = ['outcome', 'exception', 'correction'] as const;
export type EhcEventKind = (typeof EVENT_KINDS)[number];

/** What each kind of event must carry (the migration writes the same expression). */
export const KIND_CHECK = `("kind" = 'outcome' AND "outcome" IS NOT NULL AND "occurred_on" IS NOT NULL AND "corrects_id" IS NULL)
        OR ("kind" = 'exception' AND "clock" IS NOT NULL AND "exception_kind" IS NOT NULL AND "occurred_on" IS NOT NULL AND ("ends_on" IS NULL OR "ends_on" >= "occurred_on"))
        OR ("kind" = 'correction' AND "corrects_id" IS NOT NULL AND "note" IS NOT NULL)`;

/**
 * One appended fact about a request (insert-only: the app role has no update or delete): an outcome with its
 * day, an exception the authority relies on for one clock (from `occurredOn` to `endsOn`), or a correction that
 * sets aside an earlier mistaken event (`correctsId`) with the reason in `note`.
 */
@Entity('ehc_request_events')
@Check('ck_ehc_request_events_kind', KIND_CHECK)
@Index('idx_ehc_request_events_request', ['schoolId', 'requestId', 'recordedAt'])
@Index('idx_ehc_request_events_pupil', ['schoolId', 'pupilId'])
// One correction per entry: the history cannot fork.
@Index('uq_ehc_request_events_corrects', ['schoolId', 'correctsId'], { unique: true, where: 'corrects_id IS NOT NULL' })
export class EhcRequestEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_ehc_request_events' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_ehc_request_events' })
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

  @Column({ type: 'varchar', length: 12 })
  kind: EhcEventKind;

  @Column({ type: 'varchar', length: 24, nullable: true })
  outcome: EhcOutcome | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  clock: EhcClock | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  exceptionKind: EhcExceptionKind | null;

  @Column({ type: 'date', nullable: true })
  occurredOn: string | null;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  correctsId: string | null;

  @ManyToOne(() => EhcRequestEvent, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'corrects_id', referencedColumnName: 'id' },
  ])
  corrects?: EhcRequestEvent;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

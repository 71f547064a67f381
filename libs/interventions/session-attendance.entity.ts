import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import { InterventionSession } from './intervention-session.entity.js';

export const ABSENCE_REASONS = ['absent_from_school', 'withdrawn_by_teacher', 'refused', 'other'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

/** One pupil at one delivered session: there or not, and how it went. */
@Entity('session_attendance')
@Index('uq_session_attendance_session_pupil', ['schoolId', 'sessionId', 'pupilId'], { unique: true })
@Index('idx_session_attendance_school_pupil', ['schoolId', 'pupilId'])
export class SessionAttendance {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_session_attendance' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_session_attendance' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => InterventionSession, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'session_id', referencedColumnName: 'id' },
  ])
  session?: InterventionSession;

  @Column({ type: 'uuid' })
  pupilId: string;

  @ManyToOne(() => Pupil, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'pupil_id', referencedColumnName: 'id' },
  ])
  pupil?: Pupil;

  @Column({ type: 'boolean' })
  present: boolean;

  @Column({ type: 'varchar', length: 24, nullable: true })
  absenceReason: AbsenceReason | null;

  /** An optional progress score (1–5) for the session. */
  @Column({ type: 'smallint', nullable: true })
  progressScore: number | null;

  @Column({ type: 'text', nullable: true })
  observation: string | null;
}

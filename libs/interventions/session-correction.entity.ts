import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { School } from '#libs/tenancy';
import { InterventionSession } from './intervention-session.entity.js';

/** A recorded session as it was before a correction. */
export interface SessionSnapshot {
  status: string;
  cancelReason: string | null;
  actualMinutes: number | null;
  note: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
  attendance: { pupilId: string; present: boolean; absenceReason: string | null; progressScore: number | null; observation: string | null }[];
}

/** A late correction of a recorded session: who, when, why, and the record as it was before. */
@Entity('session_corrections')
@Index('idx_session_corrections_school_session', ['schoolId', 'sessionId', 'correctedAt'])
export class SessionCorrection {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_session_corrections' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_session_corrections' })
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

  @Column({ type: 'uuid', nullable: true })
  correctedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  correctedAt: Date;

  @Column({ type: 'text' })
  reason: string;

  /** The session and its attendance as they were recorded before this correction. */
  @Column({ type: 'jsonb' })
  previous: SessionSnapshot;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { School } from '#libs/tenancy';
import type { YoungPersonParentsInformed } from './domain/young-person.js';

/**
 * A pupil on a school's roll. The UPN is unique per school, not globally: a pupil who moved has a row in
 * each school, and neither school can see the other's. Leaving keeps the row and its history.
 */
@Entity('pupils')
@Check('ck_pupils_young_person_parents_informed', `"young_person_parents_informed" IN ('agrees', 'lacks_capacity')`)
@Index('uq_pupils_school_upn', ['schoolId', 'upn'], { unique: true })
@Index('idx_pupils_school_name', ['schoolId', 'legalLastName', 'legalFirstName', 'id'])
@Index('idx_pupils_school_class', ['schoolId', 'className'])
export class Pupil {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_pupils' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_pupils' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'char', length: 13 })
  upn: string;

  @Column({ type: 'varchar', length: 100 })
  legalFirstName: string;

  @Column({ type: 'varchar', length: 100 })
  legalLastName: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  preferredFirstName: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  preferredLastName: string | null;

  @Column({ type: 'date' })
  dateOfBirth: string;

  /** N1 = -2, N2 = -1, Reception = 0, Years 1–13 as themselves: sorts in school order. */
  @Column({ type: 'smallint' })
  yearGroup: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  className: string | null;

  /** As the census records it (M or F). */
  @Column({ type: 'char', length: 1, nullable: true })
  gender: string | null;

  @Column({ type: 'boolean', default: false })
  fsmEligible: boolean;

  @Column({ type: 'boolean', default: false })
  eal: boolean;

  @Column({ type: 'boolean', default: false })
  lookedAfter: boolean;

  @Column({ type: 'date', nullable: true })
  admissionDate: string | null;

  /** The last day on roll. */
  @Column({ type: 'date', nullable: true })
  leavingDate: string | null;

  /**
   * The day the pupil's SEN record was sent to their next school (marked by the SENCO or head). From then the
   * next school is the record's last keeper, and this school follows its shorter retention rule.
   */
  @Column({ type: 'date', nullable: true })
  recordSentOn: string | null;

  /** The pupil passport: what every adult teaching this pupil needs to know and do. */
  @Column({ type: 'text', nullable: true })
  passport: string | null;

  /**
   * The pupil's own email, for a young person (over compulsory school age): the formal notice goes to them
   * (CFA 2014 s.68, docs/domain.md, "Young person").
   */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /**
   * For a young person: whether their parents are told as well, because the young person agrees or lacks
   * capacity to decide (Mental Capacity Act 2005; CFA 2014 s.80). Null: the notice goes to the young person only.
   */
  @Column({ type: 'varchar', length: 16, nullable: true })
  youngPersonParentsInformed: YoungPersonParentsInformed | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { Check, Column, CreateDateColumn, Entity, Exclusion, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Pupil } from '#libs/register';
import { School } from '#libs/tenancy';
import { InterventionGroup } from './intervention-group.entity.js';

const decimal = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * A pupil in a group, from one date to another, with an entry and an exit measure so impact can be shown
 * (a reading age, a standardised score, a rating). One pupil is in a group once at a time.
 */
@Entity('group_enrolments')
@Index('idx_group_enrolments_school_pupil', ['schoolId', 'pupilId'])
@Index('idx_group_enrolments_school_group', ['schoolId', 'groupId'])
@Exclusion(
  'ex_group_enrolments_no_overlap',
  `USING gist ("school_id" WITH =, "group_id" WITH =, "pupil_id" WITH =, daterange("starts_on", "ends_on", '[]') WITH &&)`,
)
@Check('ck_group_enrolments_period', `"ends_on" IS NULL OR "ends_on" >= "starts_on"`)
export class GroupEnrolment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_group_enrolments' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_group_enrolments' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  groupId: string;

  @ManyToOne(() => InterventionGroup, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'group_id', referencedColumnName: 'id' },
  ])
  group?: InterventionGroup;

  @Column({ type: 'uuid' })
  pupilId: string;

  @ManyToOne(() => Pupil, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'pupil_id', referencedColumnName: 'id' },
  ])
  pupil?: Pupil;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  measureName: string | null;

  @Column({ type: 'numeric', precision: 8, scale: 2, nullable: true, transformer: decimal })
  entryValue: number | null;

  @Column({ type: 'date', nullable: true })
  entryOn: string | null;

  @Column({ type: 'numeric', precision: 8, scale: 2, nullable: true, transformer: decimal })
  exitValue: number | null;

  @Column({ type: 'date', nullable: true })
  exitOn: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

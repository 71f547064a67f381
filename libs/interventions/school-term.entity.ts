import { Check, Column, Entity, Exclusion, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { School } from '#libs/tenancy';

/** A term of the school's year (inclusive dates). Sessions are only ever planned inside a term. */
@Entity('school_terms')
@Index('idx_school_terms_school_year', ['schoolId', 'academicYear', 'startsOn'])
@Exclusion('ex_school_terms_no_overlap', `USING gist ("school_id" WITH =, daterange("starts_on", "ends_on", '[]') WITH &&)`)
@Check('ck_school_terms_period', `"ends_on" >= "starts_on"`)
export class SchoolTerm {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_school_terms' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_school_terms' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  /** The calendar year the academic year starts in: 2026 for 2026/27. */
  @Column({ type: 'smallint' })
  academicYear: number;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date' })
  endsOn: string;
}

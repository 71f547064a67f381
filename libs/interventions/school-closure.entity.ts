import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { School } from '#libs/tenancy';

/** Days the school is closed inside its terms: half terms, INSET days, bank holidays, other closures. */
@Entity('school_closures')
@Index('idx_school_closures_school_year', ['schoolId', 'academicYear', 'startsOn'])
@Check('ck_school_closures_period', `"ends_on" >= "starts_on"`)
export class SchoolClosure {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_school_closures' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_school_closures' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'smallint' })
  academicYear: number;

  @Column({ type: 'varchar', length: 16 })
  kind: 'half_term' | 'inset' | 'bank_holiday' | 'closure';

  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date' })
  endsOn: string;
}

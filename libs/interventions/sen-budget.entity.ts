import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { School } from '#libs/tenancy';

/** The school's notional SEN budget for an academic year, as the school enters it (pence). */
@Entity('sen_budgets')
@Index('uq_sen_budgets_school_year', ['schoolId', 'academicYear'], { unique: true })
export class SenBudget {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_sen_budgets' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_sen_budgets' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'smallint' })
  academicYear: number;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  amountPence: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A SENCO's judgement that one expectation does not apply to a pupil, with the reason: one per pupil and code. */
@Entity('oap_not_applicable')
@Index('uq_oap_not_applicable', ['schoolId', 'pupilId', 'expectationCode'], { unique: true })
export class OapNotApplicable {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_oap_not_applicable' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_oap_not_applicable' })
  schoolId: string;

  @Column({ type: 'uuid' })
  pupilId: string;

  @Column({ type: 'varchar', length: 32 })
  expectationCode: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

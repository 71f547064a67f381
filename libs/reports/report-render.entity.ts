import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { School } from '#libs/tenancy';
import { SenReport } from './sen-report.entity.js';

export const RENDER_FORMATS = ['pdf', 'html', 'md'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];
export const RENDER_STATUSES = ['queued', 'done', 'failed'] as const;
export type RenderStatus = (typeof RENDER_STATUSES)[number];

/** A rendering of a report, made by the worker in the background; the UI polls its status, then downloads. */
@Entity('report_renders')
@Index('idx_report_renders_school_report', ['schoolId', 'reportId', 'requestedAt'])
export class ReportRender {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_report_renders' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_report_renders' })
  schoolId: string;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school?: School;

  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => SenReport, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'school_id', referencedColumnName: 'schoolId' },
    { name: 'report_id', referencedColumnName: 'id' },
  ])
  report?: SenReport;

  @Column({ type: 'varchar', length: 8 })
  format: RenderFormat;

  @Column({ type: 'varchar', length: 8 })
  status: RenderStatus;

  @Column({ type: 'bytea', nullable: true })
  content: Buffer | null;

  @Column({ type: 'integer', nullable: true })
  bytes: number | null;

  /** How long the render took, for the status and for capacity planning. */
  @Column({ type: 'integer', nullable: true })
  renderMs: number | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  error: string | null;

  @Column({ type: 'uuid', nullable: true })
  requestedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

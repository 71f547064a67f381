import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const SHARE_VIEW_ACTIONS = ['view', 'download', 'upload'] as const;
export type ShareViewAction = (typeof SHARE_VIEW_ACTIONS)[number];

/** What the professional did through the link, for the pupil page's "shared with … viewed on …". Append-only. */
@Entity('share_views')
@Index('idx_share_views_share', ['schoolId', 'shareId', 'occurredAt'])
export class ShareView {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_share_views' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_share_views' })
  schoolId: string;

  @Column({ type: 'uuid' })
  shareId: string;

  @Column({ type: 'uuid' })
  pupilId: string;

  @Column({ type: 'varchar', length: 10 })
  action: ShareViewAction;

  @Column({ type: 'uuid', nullable: true })
  documentId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;
}

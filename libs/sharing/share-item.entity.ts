import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ShareItemKind } from '#libs/vocabulary';

/** One thing a share shows: the summary, the current plan, or a document (by id, when documents exist). */
@Entity('share_items')
@Index('idx_share_items_share', ['schoolId', 'shareId'])
export class ShareItem {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_share_items' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_share_items' })
  schoolId: string;

  @Column({ type: 'uuid' })
  shareId: string;

  @Column({ type: 'uuid' })
  pupilId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ShareItemKind;

  @Column({ type: 'uuid', nullable: true })
  documentId: string | null;
}

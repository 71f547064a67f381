import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ShareItemKind } from '#libs/vocabulary';

/** One thing a share shows: the summary, the current plan, or a document (by id, when documents exist). */
@Entity('share_items')
@Index('idx_share_items_share', ['schoolId', 'shareId'])
export class ShareItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
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

import type { DocumentContextKind } from './document-context.js';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const DOCUMENT_STATUSES = ['pending', 'clean', 'infected', 'scan_failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const UPLOADER_KINDS = ['staff', 'parent', 'professional'] as const;
export type UploaderKind = (typeof UPLOADER_KINDS)[number];

/**
 * A file on a pupil's record. Served only once clamd called it clean; a confidential one (safeguarding, health
 * letters) is invisible to teachers and parents in the database itself (RLS on `documents`), and a parent sees
 * only what was shared with parents or what they uploaded.
 */
@Entity('documents')
@Check('ck_documents_status', `"status" IN ('pending', 'clean', 'infected', 'scan_failed')`)
@Check('ck_documents_parents_not_confidential', `NOT ("confidential" AND "shared_with_parents")`)
@Check(
  'ck_documents_context',
  `("context_kind" IS NULL) = ("context_id" IS NULL) AND ("context_kind" IS NULL OR "context_kind" IN ('professional_report', 'plan_cycle', 'plan_review', 'ehc_request', 'annual_review'))`,
)
@Index('idx_documents_school_context', ['schoolId', 'contextKind', 'contextId'])
@Index('idx_documents_school_pupil', ['schoolId', 'pupilId', 'createdAt'])
export class PupilDocument {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_documents' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_documents' })
  schoolId: string;

  @Column({ type: 'uuid' })
  pupilId: string;

  /** As given, with path parts and control characters removed. */
  @Column({ type: 'varchar', length: 255 })
  filename: string;

  /** Sniffed from the content (file-type), never the client's claim. */
  @Column({ type: 'varchar', length: 100 })
  mediaType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** Which BlobStore driver holds the content ('postgres' or 's3'). */
  @Column({ type: 'varchar', length: 10 })
  storageDriver: string;

  /** The store's opaque key; null once an infected file's content was removed. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  blobKey: string | null;

  @Column({ type: 'uuid', nullable: true })
  uploadedBy: string | null;

  /** A parent's own evidence is shown as theirs; a professional's report came back through a share link. */
  @Column({ type: 'varchar', length: 12 })
  uploaderKind: UploaderKind;

  @Column({ type: 'varchar', length: 12 })
  status: DocumentStatus;

  @Column({ type: 'boolean', default: false })
  confidential: boolean;

  /** Chosen by the SENCO: parents see it (they always see their own uploads). Never with `confidential`. */
  @Column({ type: 'boolean', default: false })
  sharedWithParents: boolean;

  /** The piece of the record it belongs to (libs/attachments/document-context.ts), or null for the record itself. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  contextKind: DocumentContextKind | null;

  @Column({ type: 'uuid', nullable: true })
  contextId: string | null;

  /** What clamd found in an infected file. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  scanSignature: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  scannedAt: Date | null;
}

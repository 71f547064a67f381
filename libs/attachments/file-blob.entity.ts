import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One file's content in PostgreSQL (PgBlobStore): its size and SHA-256; the bytes are in file_chunks. The id is
 * the store's key: random, it carries nothing of the file or the pupil.
 */
@Entity('file_blobs')
@Index('idx_file_blobs_school', ['schoolId', 'createdAt'])
export class FileBlob {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_file_blobs' })
  id: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_file_blobs' })
  schoolId: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'integer' })
  chunkCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A slice of a file's bytes, in order: read one at a time, so a download never holds the file whole. */
@Entity('file_chunks')
export class FileChunk {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_file_chunks' })
  blobId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_file_chunks' })
  seq: number;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_file_chunks' })
  schoolId: string;

  @Column({ type: 'bytea' })
  data: Buffer;
}

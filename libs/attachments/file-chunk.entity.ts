import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A slice of a file's bytes, in order: read one at a time, so a download never holds the file whole. */
@Entity('file_chunks')
export class FileChunk {
  @PrimaryColumn({ type: 'uuid' })
  blobId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'uuid' })
  schoolId: string;

  @Column({ type: 'bytea' })
  data: Buffer;
}

import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BLOB_STORE, type BlobStore } from '#libs/files';
import { PupilDocument } from './pupil-document.entity.js';

/** One of a pupil's documents as an export carries it: what it is, and its content when that may be given. */
export interface DocumentCopy {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  status: string;
  confidential: boolean;
  uploaderKind: string;
  createdAt: string;
  /** Why the content is not in the copy; null when it is. */
  withheld: string | null;
  /** The file's bytes, base64; only for a clean file when content was asked for. */
  contentBase64?: string;
}

export interface CopyOptions {
  /** Read the content of clean files (a subject access export) or list them only (a transfer record). */
  content: boolean;
  /** Leave confidential documents out altogether (a transfer record: the DSL sends those separately). */
  skipConfidential: boolean;
}

export const WITHHELD_PENDING = 'not yet scanned for viruses: a file is never given out before its scan';
export const WITHHELD_INFECTED = 'found infected by the virus scan and quarantined: its content was destroyed';
export const WITHHELD_UNSCANNABLE = 'its virus scan could not be completed, so it is never given out';

function withheldReason(d: PupilDocument): string | null {
  if (d.status === 'clean' && d.blobKey) return null;
  return d.status === 'infected' ? WITHHELD_INFECTED : d.status === 'scan_failed' ? WITHHELD_UNSCANNABLE : WITHHELD_PENDING;
}

/**
 * Copies of a pupil's documents for the privacy duties (subject access, transfer). Reads the rows in the
 * caller's transaction (which must see every pupil) and the content from the store; pending and infected
 * files are listed with the reason their content is not given, never served. A content whose SHA-256 no
 * longer matches the one recorded at upload fails the copy rather than hand out something else.
 */
@Injectable()
export class DocumentCopies {
  constructor(@Inject(BLOB_STORE) private readonly store: BlobStore) {}

  async forPupil(m: EntityManager, schoolId: string, pupilId: string, options: CopyOptions): Promise<DocumentCopy[]> {
    const docs = await m.find(PupilDocument, {
      where: { schoolId, pupilId, ...(options.skipConfidential ? { confidential: false } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const out: DocumentCopy[] = [];
    for (const d of docs) {
      const copy: DocumentCopy = {
        id: d.id,
        filename: d.filename,
        mediaType: d.mediaType,
        size: d.size,
        sha256: d.sha256,
        status: d.status,
        confidential: d.confidential,
        uploaderKind: d.uploaderKind,
        createdAt: d.createdAt.toISOString(),
        withheld: withheldReason(d),
      };
      if (options.content && copy.withheld === null) copy.contentBase64 = (await this.read(schoolId, d)).toString('base64');
      out.push(copy);
    }
    return out;
  }

  private async read(schoolId: string, d: PupilDocument): Promise<Buffer> {
    const parts: Buffer[] = [];
    // Read through the caller's transaction: it consumes the whole file before returning (docs/scaling.md, pooling).
    for await (const chunk of await this.store.get(schoolId, d.blobKey!, { readWithin: true })) parts.push(chunk as Buffer);
    const bytes = Buffer.concat(parts);
    if (createHash('sha256').update(bytes).digest('hex') !== d.sha256) throw new Error(`document ${d.id}: stored content does not match its SHA-256`);
    return bytes;
  }
}

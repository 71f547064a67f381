import { Transform, pipeline, type Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { APP_CONFIG, DomainError, conflict, invalid, notFound, requestContext, type AppConfig } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { BLOB_STORE, BlobTooLargeError, type BlobStore } from '#libs/files';
import { EVENT_TYPES, OutboxService } from '#libs/outbox';
import { ALLOWED_MEDIA_TYPES, MAX_FILENAME, SNIFF_BYTES, cleanFilename, sniffMediaType } from './document-files.js';
import { checkContext, type DocumentContext } from './document-context.js';
import { PupilDocument, type UploaderKind } from './pupil-document.entity.js';

/**
 * Who is reading: those who see every pupil (SENCO, head) see confidential documents; a parent (and nobody else
 * in that role) sees what was shared with parents and what they uploaded themselves.
 */
export interface DocumentReader {
  seesAll: boolean;
  /** Set when the reader is a parent only (not also staff here). */
  parentUserId: string | null;
}

export interface DocumentChanges {
  confidential?: boolean;
  sharedWithParents?: boolean;
}

/** The code's copy of the `documents` policy (RLS), so the code does not lean on the database alone. */
export function mayRead(doc: PupilDocument, reader: DocumentReader): boolean {
  if (reader.seesAll) return true;
  if (doc.confidential) return false;
  return reader.parentUserId === null || doc.sharedWithParents || doc.uploadedBy === reader.parentUserId;
}

export interface NewUpload {
  /** The name the client gave; cleaned before it is kept. */
  filename: string;
  body: Readable;
  uploaderKind: UploaderKind;
  /** A professional's report arrives confidential: the SENCO decides who else sees it. */
  confidential?: boolean;
  /** The piece of the record it belongs to; checked to be this pupil's before anything is stored. */
  context?: DocumentContext | null;
}

/**
 * Documents on a pupil's record. The caller has already checked the pupil is theirs to see (the viewers'
 * rule); the database hides confidential documents from anyone who does not see every pupil, and from a
 * parent what was not shared with parents; `mayRead` repeats those rules here.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get maxBytes(): number {
    return this.config.documents.maxBytes;
  }

  /**
   * Streams the file into the store while keeping its first bytes to sniff the type; then records it pending
   * with an outbox event for the scan. Anything refused after the content was stored is removed again.
   */
  async upload(scope: SchoolScope, pupilId: string, upload: NewUpload): Promise<PupilDocument> {
    if (upload.context) {
      try {
        await checkContext(this.tx.manager(), scope.schoolId, pupilId, upload.context);
      } catch (err) {
        upload.body.resume(); // refused before a byte is stored: drain the upload so the request can end
        throw err;
      }
    }
    const filename = cleanFilename(upload.filename);
    if (!filename) throw invalid([{ field: 'file', message: 'the file has no usable name' }]);
    if (filename.length > MAX_FILENAME) throw invalid([{ field: 'file', message: `the file name is longer than ${MAX_FILENAME} characters` }]);
    const head: Buffer[] = [];
    let headBytes = 0;
    // A pass-through that keeps a copy of the first bytes: reading them must not take them from the store.
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        if (headBytes < SNIFF_BYTES) {
          head.push(chunk.subarray(0, SNIFF_BYTES - headBytes));
          headBytes += Math.min(chunk.length, SNIFF_BYTES - headBytes);
        }
        callback(null, chunk);
      },
    });
    // pipeline, not pipe: a body that already failed (a cut-short upload) fails the tap too, instead of hanging it.
    pipeline(upload.body, tap, () => undefined);
    let stored;
    try {
      stored = await this.store.put(scope.schoolId, tap, { maxBytes: this.maxBytes });
    } catch (err) {
      upload.body.resume();
      if (err instanceof BlobTooLargeError) {
        throw new DomainError(413, 'payload-too-large', 'The file is too large', [
          { field: 'file', message: `the file is larger than ${this.maxBytes} bytes` },
        ]);
      }
      throw err;
    }
    const refuse = async (error: DomainError) => {
      await this.store.delete(scope.schoolId, stored.key);
      return error;
    };
    if (stored.size === 0) throw await refuse(invalid([{ field: 'file', message: 'the file is empty' }]));
    const mediaType = await sniffMediaType(Buffer.concat(head));
    if (!mediaType || !(ALLOWED_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
      throw await refuse(
        new DomainError(415, 'unsupported-media-type', 'This type of file cannot be kept on the record', [
          {
            field: 'file',
            message: `the content is ${mediaType ?? 'of an unknown type'}; allowed: PDF, PNG, JPEG, GIF, WebP, Word (.docx), OpenDocument text, plain text`,
          },
        ]),
      );
    }
    try {
      const m = this.tx.manager();
      const saved = await m.save(
        m.create(PupilDocument, {
          schoolId: scope.schoolId,
          pupilId,
          filename,
          mediaType,
          size: stored.size,
          sha256: stored.sha256,
          storageDriver: this.store.driver,
          blobKey: stored.key,
          uploadedBy: requestContext.get()?.userId ?? null,
          uploaderKind: upload.uploaderKind,
          status: 'pending',
          confidential: upload.confidential ?? false,
          contextKind: upload.context?.kind ?? null,
          contextId: upload.context?.id ?? null,
          scanSignature: null,
          scannedAt: null,
        }),
      );
      await this.outbox.recordMany(scope, [{ type: EVENT_TYPES.documentUploaded, subjectType: 'document', subjectId: saved.id, payload: { pupilId } }]);
      await this.audit.record(scope, {
        action: 'document.uploaded',
        entityType: 'pupil',
        entityId: pupilId,
        details: { documentId: saved.id, mediaType, size: stored.size },
      });
      return saved;
    } catch (err) {
      await this.store.delete(scope.schoolId, stored.key);
      throw err;
    }
  }

  async list(scope: SchoolScope, pupilId: string, reader: DocumentReader, context?: DocumentContext): Promise<PupilDocument[]> {
    const base = { schoolId: scope.schoolId, pupilId, ...(context ? { contextKind: context.kind, contextId: context.id } : {}) };
    const where = reader.seesAll
      ? base
      : reader.parentUserId
        ? [
            { ...base, confidential: false, sharedWithParents: true },
            { ...base, confidential: false, uploadedBy: reader.parentUserId },
          ]
        : { ...base, confidential: false };
    return this.tx.manager().find(PupilDocument, {
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
  }

  /** A document the caller may see (`mayRead`), or 404. */
  async find(scope: SchoolScope, documentId: string, reader: DocumentReader): Promise<PupilDocument> {
    const doc = await this.tx.manager().findOneBy(PupilDocument, { id: documentId, schoolId: scope.schoolId });
    if (!doc || !mayRead(doc, reader)) throw notFound('Document');
    return doc;
  }

  /** The content of a clean document; pending, infected or unscannable files are never served. */
  async content(scope: SchoolScope, doc: PupilDocument): Promise<Readable> {
    if (doc.status !== 'clean' || !doc.blobKey) {
      throw conflict(
        doc.status === 'pending' ? 'The document is waiting for its virus scan; try again shortly' : 'The document failed its virus scan and cannot be opened',
      );
    }
    return this.store.get(scope.schoolId, doc.blobKey);
  }

  /** Confidential, or shared with parents: never both, and the refusal names the field that asked for it. */
  async update(scope: SchoolScope, doc: PupilDocument, changes: DocumentChanges): Promise<PupilDocument> {
    if (changes.confidential === undefined && changes.sharedWithParents === undefined)
      throw invalid([{ field: 'confidential', message: 'send confidential or sharedWithParents' }]);
    const confidential = changes.confidential ?? doc.confidential;
    const sharedWithParents = changes.sharedWithParents ?? doc.sharedWithParents;
    if (confidential && sharedWithParents) {
      throw invalid([
        changes.sharedWithParents
          ? { field: 'sharedWithParents', message: 'a confidential document cannot be shared with parents' }
          : { field: 'confidential', message: 'the document is shared with parents: stop sharing it with them first' },
      ]);
    }
    const m = this.tx.manager();
    await m.update(PupilDocument, { id: doc.id, schoolId: scope.schoolId }, { confidential, sharedWithParents });
    for (const [action, before, after] of [
      ['document.confidential_set', doc.confidential, confidential],
      ['document.parents_sharing_set', doc.sharedWithParents, sharedWithParents],
    ] as const) {
      if (before === after) continue;
      await this.audit.record(scope, { action, entityType: 'pupil', entityId: doc.pupilId, details: { documentId: doc.id, value: after } });
    }
    return (await m.findOneBy(PupilDocument, { id: doc.id, schoolId: scope.schoolId }))!;
  }

  /**
   * Erasure's half outside the database: removes the content of a pupil's documents held in an object store
   * (S3), which app.erase_pupil cannot reach. Content in PostgreSQL is left to that function, with its rows.
   * Run before the rows go, so a retry still finds the keys; removing a key already gone is not an error.
   */
  async removeStoredContent(scope: SchoolScope, pupilId: string): Promise<number> {
    if (this.store.driver === 'postgres') return 0;
    const docs = await this.tx.manager().find(PupilDocument, { where: { schoolId: scope.schoolId, pupilId, storageDriver: this.store.driver } });
    const keys = docs.flatMap((d) => (d.blobKey ? [d.blobKey] : []));
    for (const key of keys) await this.store.delete(scope.schoolId, key);
    return keys.length;
  }

  /**
   * The row goes in the request's transaction, the content last in its own: if removing the content fails, the
   * request fails and the row's delete rolls back with it.
   */
  async remove(scope: SchoolScope, doc: PupilDocument): Promise<void> {
    await this.tx.manager().delete(PupilDocument, { id: doc.id, schoolId: scope.schoolId });
    await this.audit.record(scope, { action: 'document.deleted', entityType: 'pupil', entityId: doc.pupilId, details: { documentId: doc.id } });
    if (doc.blobKey) await this.store.delete(scope.schoolId, doc.blobKey);
  }
}

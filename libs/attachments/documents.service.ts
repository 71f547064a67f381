import { Transform, type Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { APP_CONFIG, DomainError, conflict, invalid, notFound, requestContext, type AppConfig } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { BLOB_STORE, BlobTooLargeError, type BlobStore } from '#libs/files';
import { EVENT_TYPES, OutboxService } from '#libs/outbox';
import { ALLOWED_MEDIA_TYPES, MAX_FILENAME, SNIFF_BYTES, cleanFilename, sniffMediaType } from './document-files.js';
import { PupilDocument } from './pupil-document.entity.js';

export interface NewUpload {
  /** The name the client gave; cleaned before it is kept. */
  filename: string;
  body: Readable;
  uploaderKind: 'staff' | 'parent';
}

/**
 * Documents on a pupil's record. The caller has already checked the pupil is theirs to see (the viewers'
 * rule); the database hides confidential documents from anyone who does not see every pupil, and `seesAll`
 * repeats that rule here so the code does not lean on RLS alone.
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
    upload.body.on('error', (err) => tap.destroy(err));
    upload.body.pipe(tap);
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
          confidential: false,
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

  async list(scope: SchoolScope, pupilId: string, seesAll: boolean): Promise<PupilDocument[]> {
    return this.tx.manager().find(PupilDocument, {
      where: { schoolId: scope.schoolId, pupilId, ...(seesAll ? {} : { confidential: false }) },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
  }

  /** A document the caller may see (confidential ones only for those who see every pupil), or 404. */
  async find(scope: SchoolScope, documentId: string, seesAll: boolean): Promise<PupilDocument> {
    const doc = await this.tx.manager().findOneBy(PupilDocument, { id: documentId, schoolId: scope.schoolId });
    if (!doc || (doc.confidential && !seesAll)) throw notFound('Document');
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

  async setConfidential(scope: SchoolScope, doc: PupilDocument, confidential: boolean): Promise<PupilDocument> {
    const m = this.tx.manager();
    await m.update(PupilDocument, { id: doc.id, schoolId: scope.schoolId }, { confidential });
    await this.audit.record(scope, {
      action: 'document.confidential_set',
      entityType: 'pupil',
      entityId: doc.pupilId,
      details: { documentId: doc.id, confidential },
    });
    return (await m.findOneBy(PupilDocument, { id: doc.id, schoolId: scope.schoolId }))!;
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

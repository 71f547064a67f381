import { Inject, Injectable } from '@nestjs/common';
import { Clock, LOGGER, type Logger } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { BLOB_STORE, VIRUS_SCANNER, type BlobStore, type VirusScanner } from '#libs/files';
import { EVENT_TYPES, OnOutboxEvents, OutboxEvent, type OutboxEventHandler, type OutboxEventJob, schoolOfEvent, type OutboxEventOutcome } from '#libs/outbox';
import { PupilDocument } from './pupil-document.entity.js';

export type ScanOutcome = 'clean' | 'infected' | 'skipped';

/**
 * The worker's scan of an uploaded document, reached through the outbox like every background job: the content
 * streams from the store to clamd. Clean is served from then on; infected is quarantined (its content removed,
 * the row kept with the signature, never served). When clamd cannot answer the scanner throws, the job fails
 * and BullMQ retries it with backoff (then the sweep re-queues it): the document stays pending, never served.
 */
@Injectable()
@OnOutboxEvents([EVENT_TYPES.documentUploaded])
export class DocumentScans implements OutboxEventHandler {
  constructor(
    private readonly tx: TenantTransactions,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(VIRUS_SCANNER) private readonly scanner: VirusScanner,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handleOutboxEvent(job: OutboxEventJob): Promise<OutboxEventOutcome> {
    return { result: { scan: await this.handle(schoolOfEvent(job), job.eventId) } };
  }

  /** Scans the event's document once; an event already done, or of a deleted document, is completed as is. */
  async handle(schoolId: string, eventId: string): Promise<ScanOutcome> {
    return this.tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
      const event = await m
        .createQueryBuilder(OutboxEvent, 'e')
        .setLock('pessimistic_write')
        .where('e.id = :eventId and e.school_id = :schoolId', { eventId, schoolId })
        .getOne();
      if (!event) return 'skipped';
      const doc = await m.findOneBy(PupilDocument, { id: event.subjectId, schoolId });
      let outcome: ScanOutcome = 'skipped';
      if (doc?.status === 'pending' && doc.blobKey) {
        const verdict = await this.scanner.scan(await this.store.get(schoolId, doc.blobKey, { readWithin: true }));
        const now = this.clock.now();
        if (verdict.clean) {
          await m.update(PupilDocument, { id: doc.id, schoolId }, { status: 'clean', scannedAt: now });
          outcome = 'clean';
        } else {
          await m.update(
            PupilDocument,
            { id: doc.id, schoolId },
            { status: 'infected', scannedAt: now, scanSignature: verdict.signature.slice(0, 200), blobKey: null },
          );
          await this.store.delete(schoolId, doc.blobKey);
          // Ids and the signature only: never the file's name.
          this.logger.warn({ schoolId, documentId: doc.id, signature: verdict.signature }, 'Infected upload quarantined');
          outcome = 'infected';
        }
      }
      const now = this.clock.now();
      await m.update(OutboxEvent, { id: eventId, schoolId }, { processedAt: event.processedAt ?? now, completedAt: now });
      return outcome;
    });
  }
}

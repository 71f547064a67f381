import { Injectable } from '@nestjs/common';
import { Clock } from '#libs/core';
import { TenantTransactions, schoolScope } from '#libs/database';
import { EVENT_TYPES, OnOutboxEvents, OutboxEvent, type OutboxEventHandler, type OutboxEventJob, schoolOfEvent, type OutboxEventOutcome } from '#libs/outbox';
import { RetentionService } from './retention.service.js';
import { SubjectAccessService } from './subject-access.service.js';

/**
 * The worker's half of the privacy duties, reached through the outbox like every background job (so a request
 * that asked for one cannot lose it): a subject access export is made, an approved erasure is carried out.
 * The event row is locked, each step is idempotent, and the event is marked complete in the same transaction.
 */
@Injectable()
@OnOutboxEvents([EVENT_TYPES.subjectAccessRequested, EVENT_TYPES.erasureApproved])
export class PrivacyEvents implements OutboxEventHandler {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly exports: SubjectAccessService,
    private readonly retention: RetentionService,
    private readonly clock: Clock,
  ) {}

  async handleOutboxEvent(job: OutboxEventJob): Promise<OutboxEventOutcome> {
    return { result: { privacy: await this.handle(schoolOfEvent(job), job.eventId) } };
  }

  /** Returns false for an event that is not a privacy event, or no longer exists. */
  async handle(schoolId: string, eventId: string): Promise<boolean> {
    return this.tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
      const event = await m
        .createQueryBuilder(OutboxEvent, 'e')
        .setLock('pessimistic_write')
        .where('e.id = :eventId and e.school_id = :schoolId', { eventId, schoolId })
        .getOne();
      if (!event) return false;
      if (event.type === EVENT_TYPES.subjectAccessRequested) await this.exports.make(m, schoolId, event.subjectId);
      else if (event.type === EVENT_TYPES.erasureApproved) await this.retention.erase(schoolScope(schoolId), event.subjectId);
      else return false;
      const now = this.clock.now();
      await m.update(OutboxEvent, { id: eventId, schoolId }, { processedAt: event.processedAt ?? now, completedAt: now });
      return true;
    });
  }
}

import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, OnOutboxEvents, type OutboxEventHandler, type OutboxEventJob, type OutboxEventOutcome } from '#libs/outbox';
import { JOBS } from '#libs/queue';
import { DeliveriesService } from './deliveries.service.js';

/**
 * The events parents and staff are told about: each is fanned out into delivery rows (unique per event and
 * recipient, so a second fan-out adds none), and each open delivery gets a send job whose id is derived from
 * the delivery (and the sweep's round), so a retried fan-out queues no second send.
 */
@Injectable()
@OnOutboxEvents([
  EVENT_TYPES.senSupportStarted,
  EVENT_TYPES.senSupportEnded,
  EVENT_TYPES.planAgreed,
  EVENT_TYPES.planReviewed,
  EVENT_TYPES.reviewDue,
  EVENT_TYPES.reviewOverdue,
  EVENT_TYPES.ehcRequestClock,
  EVENT_TYPES.ehcReviewInvitation,
  EVENT_TYPES.ehcReviewAdvice,
  EVENT_TYPES.ehcReviewReport,
  EVENT_TYPES.ehcReviewDeadline,
  EVENT_TYPES.shareEmail,
  EVENT_TYPES.accountEmail,
])
export class NotificationEvents implements OutboxEventHandler {
  constructor(private readonly deliveries: DeliveriesService) {}

  async handleOutboxEvent({ schoolId, eventId, correlationId, round }: OutboxEventJob): Promise<OutboxEventOutcome> {
    const ids = await this.deliveries.fanOut(schoolId, eventId);
    return {
      result: { deliveries: ids.length },
      followUps: ids.map((deliveryId) => ({
        name: JOBS.deliver,
        // An account email to someone in no school carries none (JobPayload.schoolId is then absent).
        data: { correlationId, ...(schoolId === null ? {} : { schoolId }), deliveryId, round },
        jobId: round === 0 ? `deliver_${deliveryId}` : `deliver_${deliveryId}_${round}`,
      })),
    };
  }
}

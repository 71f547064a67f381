import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, OnOutboxEvents, type OutboxEventHandler, type OutboxEventJob, schoolOfEvent, type OutboxEventOutcome } from '#libs/outbox';
import { ReportRendersService } from './report-renders.service.js';

/** A report rendering asked for by a request is made here, in the worker, once. */
@Injectable()
@OnOutboxEvents([EVENT_TYPES.reportRenderRequested])
export class ReportRenderEvents implements OutboxEventHandler {
  constructor(private readonly renders: ReportRendersService) {}

  async handleOutboxEvent(job: OutboxEventJob): Promise<OutboxEventOutcome> {
    return { result: { rendered: await this.renders.handle(schoolOfEvent(job), job.eventId) } };
  }
}

import { Injectable } from '@nestjs/common';
import { requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { OutboxEvent } from './outbox-event.entity.js';

/** Event types other modules may emit; the notifications module subscribes to them. */
export const EVENT_TYPES = {
  senSupportStarted: 'sen_support.started',
} as const;
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

export interface NewEvent {
  type: EventType;
  subjectType: string;
  subjectId: string;
  /** Ids and codes only. */
  payload?: Record<string, string | number | boolean | null>;
}

@Injectable()
export class OutboxService {
  constructor(private readonly tx: TenantTransactions) {}

  /** Must run inside the transaction of the change: the event and the change commit or roll back together. */
  async record(scope: SchoolScope, event: NewEvent): Promise<OutboxEvent> {
    const m = this.tx.manager();
    return m.save(
      m.create(OutboxEvent, {
        schoolId: scope.schoolId,
        type: event.type,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        payload: event.payload ?? {},
        correlationId: requestContext.get()?.requestId ?? null,
        relayedAt: null,
      }),
    );
  }
}

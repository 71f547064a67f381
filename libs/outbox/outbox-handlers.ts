import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { JobName, JobPayload } from '#libs/queue';
import { EVENT_TYPES, type EventType } from './outbox.service.js';

/** One committed event, as the worker's fan-out job hands it over. */
export interface OutboxEventJob {
  /** Null only for an account email to someone in no school (notifications handles those). */
  schoolId: string | null;
  eventId: string;
  correlationId: string;
  /** 0 for the relay's job, then one more each time the sweep re-queues lost work (keeps job ids fresh). */
  round: number;
}

/** The school of an event that must have one: only an account email is filed under none (notifications handles those). */
export function schoolOfEvent(job: OutboxEventJob): string {
  if (job.schoolId === null) throw new Error(`Outbox event ${job.eventId} has no school; only account emails may have none`);
  return job.schoolId;
}

/** A job the handler wants queued next; its id must be deterministic, so a retry queues nothing twice. */
export interface FollowUpJob {
  name: JobName;
  data: JobPayload;
  jobId: string;
}

export interface OutboxEventOutcome {
  /** What the job returns (counts and flags only: BullMQ keeps it in Redis). */
  result: Record<string, unknown>;
  followUps?: FollowUpJob[];
}

/**
 * Carries out an outbox event once. Each step must be idempotent: a retry, a second worker or the sweep
 * can hand the same event over again.
 */
export interface OutboxEventHandler {
  handleOutboxEvent(job: OutboxEventJob): Promise<OutboxEventOutcome>;
}

/**
 * Declares the event types a provider handles: `@OnOutboxEvents([EVENT_TYPES.x])` on an injectable class
 * implementing OutboxEventHandler. The worker's registry finds them at boot (Nest's DiscoveryService).
 */
export const OnOutboxEvents = DiscoveryService.createDecorator<readonly EventType[]>();

/** Every event type has exactly one handler, and no handler claims a type that does not exist. */
export function assertOneHandlerPerEvent(handled: readonly string[], expected: readonly string[] = Object.values(EVENT_TYPES)): void {
  const missing = expected.filter((type) => !handled.includes(type));
  const unknown = handled.filter((type) => !expected.includes(type));
  const duplicated = [...new Set(handled.filter((type, i) => handled.indexOf(type) !== i))];
  if (missing.length || unknown.length || duplicated.length) {
    throw new Error(
      `Outbox event handlers do not match event types: unhandled [${missing.join(',')}], unknown [${unknown.join(',')}], handled twice [${duplicated.join(',')}]`,
    );
  }
}

/**
 * The worker's map from event type to handler, checked when the module starts: a type without a handler or
 * with two refuses to boot, as a job without one does (assertOneHandlerPerJob). Provided by the worker only;
 * the API writes events and never handles them.
 */
@Injectable()
export class OutboxEventRegistry implements OnModuleInit {
  private readonly byType = new Map<string, OutboxEventHandler>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const claims: [string, OutboxEventHandler][] = [];
    for (const wrapper of this.discovery.getProviders({ metadataKey: OnOutboxEvents.KEY })) {
      const types = this.discovery.getMetadataByDecorator(OnOutboxEvents, wrapper) ?? [];
      for (const type of types) claims.push([type, wrapper.instance as OutboxEventHandler]);
    }
    assertOneHandlerPerEvent(claims.map(([type]) => type));
    for (const [type, handler] of claims) this.byType.set(type, handler);
  }

  /** The handler of a type; an event of a type nobody handles is a programming error, so the job fails loudly. */
  handlerFor(type: string): OutboxEventHandler {
    const handler = this.byType.get(type);
    if (!handler) throw new Error(`No outbox event handler for ${type}`);
    return handler;
  }

  /** The types handled, for tests and diagnostics. */
  types(): string[] {
    return [...this.byType.keys()].sort();
  }
}

import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { EVENT_TYPES, type EventType } from './outbox.service.js';
import { OnOutboxEvents, OutboxEventRegistry, assertOneHandlerPerEvent, type OutboxEventHandler } from './outbox-handlers.js';

const ALL = Object.values(EVENT_TYPES);
const handles = (name: string) => async () => ({ result: { by: name } });

/** A worker-like context with the registry and the given handler classes. */
async function boot(...handlers: (new () => OutboxEventHandler)[]) {
  @Module({ imports: [DiscoveryModule], providers: [OutboxEventRegistry, ...handlers] })
  class TestModule {}
  const app = await NestFactory.createApplicationContext(TestModule, { logger: false, abortOnError: false });
  return app;
}

function handlerOf(name: string, types: readonly EventType[]): new () => OutboxEventHandler {
  @Injectable()
  @OnOutboxEvents(types)
  class Handler implements OutboxEventHandler {
    handleOutboxEvent = handles(name);
  }
  return Handler;
}

describe('the outbox event registry', () => {
  it('boots when every event type has exactly one handler, and dispatches each to it', async () => {
    const [first, ...rest] = ALL;
    const app = await boot(handlerOf('one', [first!]), handlerOf('rest', rest));
    try {
      const registry = app.get(OutboxEventRegistry);
      expect(registry.types()).toEqual([...ALL].sort());
      expect(await registry.handlerFor(first!).handleOutboxEvent({ schoolId: 's', eventId: 'e', correlationId: 'c', round: 0 })).toEqual({
        result: { by: 'one' },
      });
      expect(await registry.handlerFor(EVENT_TYPES.erasureApproved).handleOutboxEvent({ schoolId: 's', eventId: 'e', correlationId: 'c', round: 0 })).toEqual({
        result: { by: 'rest' },
      });
      expect(() => registry.handlerFor('no.such_event')).toThrow(/No outbox event handler for no.such_event/);
    } finally {
      await app.close();
    }
  });

  it('refuses to boot with an event type nobody handles', async () => {
    const unhandled = ALL.filter((t) => t !== EVENT_TYPES.planAgreed);
    await expect(boot(handlerOf('most', unhandled))).rejects.toThrow(/unhandled \[plan.agreed\], unknown \[\], handled twice \[\]/);
  });

  it('refuses to boot with an event type handled twice', async () => {
    await expect(boot(handlerOf('all', ALL), handlerOf('again', [EVENT_TYPES.reviewDue]))).rejects.toThrow(
      /unhandled \[\], unknown \[\], handled twice \[review.due\]/,
    );
  });

  it('names unknown types too', () => {
    expect(() => assertOneHandlerPerEvent([...ALL, 'mystery.event'])).toThrow(/unknown \[mystery.event\]/);
    expect(() => assertOneHandlerPerEvent([...ALL].reverse())).not.toThrow();
  });
});

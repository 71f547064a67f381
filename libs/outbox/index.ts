export * from './outbox-event-columns.js';
export * from './outbox-event.entity.js';
export * from './outbox.service.js';
export * from './outbox-relay.js';
export * from './outbox-handlers.js';
export * from './outbox.module.js';

export * from './outbox-event.entity.js';
export * from './outbox.service.js';
export * from './outbox.module.js';

export * from './redis.js';
export * from './queues.js';
export * from './redis.module.js';

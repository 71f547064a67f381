export * from './data-source.js';
export * from './snake-naming.strategy.js';
export * from './tenant-transactions.js';
export * from './migrate.js';
export * from './database.module.js';
export * from './read-replica.js';
export * from './write-fences.js';
export * from './prepared-statements.js';

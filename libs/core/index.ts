export * from './config/config.schema.js';
export * from './config/config.js';
export * from './context/request-context.js';
export * from './logging/logger.js';
export * from './time/index.js';
export * from './errors/problem.js';
export * from './core.module.js';
export * from './config/file-storage.config.js';

export * from './blob-store.js';
export * from './virus-scanner.js';
export * from './clamd-scanner.js';

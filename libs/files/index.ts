export * from './blob-store.js';
export * from './virus-scanner.js';

export * from './blob-store.js';
export * from './virus-scanner.js';
export * from './clamd-scanner.js';
export * from './s3-blob-store.js';
export * from './blob-store.provider.js';

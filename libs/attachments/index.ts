export * from './file-blob.entity.js';
export * from './file-chunk.entity.js';
export * from './pupil-document.entity.js';
export * from './pg-blob-store.js';
export * from './document-files.js';
export * from './documents.service.js';
export * from './document-scans.js';
export * from './attachments.module.js';

export * from './fixtures.js';
export * from './pdf.js';

export * from './report.types.js';
export * from './sections.js';
export * from './suppression.js';
export * from './national.js';
export * from './disclosure.js';

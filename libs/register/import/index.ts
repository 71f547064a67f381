export * from './csv-reader.js';
export * from './headers.js';
export * from './mappings.js';
export * from './row-parser.js';
export * from './names.js';
export * from './synonyms.js';

export * from './clock.js';
export * from './dates.js';
export * from './academic-year.js';

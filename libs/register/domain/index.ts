export * from './upn.js';
export * from './year-groups.js';
export * from './needs.js';
export * from './values.js';
export * from './young-person.js';

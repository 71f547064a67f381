export * from './demo-seed.js';
export * from './demo-register.js';

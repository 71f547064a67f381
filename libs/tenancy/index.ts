export * from './trust.entity.js';
export * from './school.entity.js';
export * from './tenancy.service.js';
export * from './tenancy.module.js';
export * from './trust-schools.js';

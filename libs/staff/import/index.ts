export * from './staff-import-batch.entity.js';
export * from './pending-staff-class.entity.js';
export * from './staff-mappings.js';
export * from './staff-import.service.js';
export * from './staff-mapping.service.js';

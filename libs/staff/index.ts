export * from './staff-leaver.entity.js';
export * from './staff-directory.service.js';
export * from './staff.module.js';
export * from './import/index.js';

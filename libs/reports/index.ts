export * from './sen-report.entity.js';
export * from './domain/index.js';
export * from './report-figures.js';
export * from './report-document.js';
export * from './reports.service.js';
export * from './public-reports.js';
export * from './reports.module.js';

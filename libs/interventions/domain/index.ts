export * from './calendar.js';
export * from './schedule.js';
export * from './ical.js';
export * from './catalogue.js';

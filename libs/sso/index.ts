export * from './sso-config.entity.js';
export * from './sso-config.service.js';
export * from './sso-state.js';
export * from './sso-sign-in.service.js';
export * from './sso.module.js';
export * from './trust-sso-config.entity.js';
export * from './trust-sso-config.service.js';

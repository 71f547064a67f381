export * from './account-token.entity.js';
export * from './account-email.js';
export * from './password-reset.service.js';
export * from './email-change.service.js';

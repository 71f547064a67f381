// The role words live in libs/vocabulary (tenancy needs them too, below auth); auth re-exports them.
export { ALL_ROLES, INVITABLE_ROLES, SCHOOL_ROLES, type Role, type SchoolRole, type TrustRole } from '#libs/vocabulary';
export * from './user.entity.js';
export * from './membership.entity.js';
export * from './trust-membership.entity.js';
export * from './refresh-session.entity.js';
export * from './invitation.entity.js';
export * from './principal.js';
export * from './secrets.js';
export * from './auth.service.js';
export * from './invitation.service.js';
export * from './login-rate-limiter.js';
export * from './auth.module.js';
export * from './public-rate-limiter.js';
export * from './window-counter.js';
export * from './password-policy.js';
export * from './device-label.js';
export * from './account.service.js';

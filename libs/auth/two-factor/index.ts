export * from './totp-factor.entity.js';
export * from './recovery-code.entity.js';
export * from './sign-in-challenge.entity.js';
export * from './two-factor-policy.entity.js';
export * from './totp-factors.service.js';
export * from './second-factor-limiter.js';
export * from './second-factor.service.js';
export * from './two-factor-policy.service.js';

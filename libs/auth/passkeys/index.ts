export * from './user-passkey.entity.js';
export * from './webauthn-challenge.entity.js';
export * from './webauthn-challenges.js';
export * from './passkey-registration.service.js';
export * from './passkey-sign-in.service.js';
export * from './passkeys.module.js';

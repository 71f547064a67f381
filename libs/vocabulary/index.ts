// Words that several libs share (plans and interventions describe provision by them; auth and tenancy name roles). This lib imports
// nothing, so every lib may use it without an arrow pointing back up.
export * from './provision.js';
export * from './roles.js';
export * from './professionals.js';

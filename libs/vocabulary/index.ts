// Words that several libs share (plans and interventions both describe provision by them). This lib imports
// nothing, so every lib may use it without an arrow pointing back up.
export * from './provision.js';

import { Foundation1763888000000 } from './1763888000000-foundation.js';

/** Every migration, in order. Listed explicitly rather than globbed, so ESM and bundling need no magic. */
export const allMigrations = [Foundation1763888000000];

import { SetMetadata } from '@nestjs/common';

export const BITMAP_SCANS = 'bitmapScans';

/** Whether a request, by its query string (before validation: a wrong answer costs time, never correctness), reads so. */
export type BitmapScansWhen = (query: Record<string, unknown>) => boolean;

/**
 * Reads that take a whole school's rows of a tenant table through an index that leads with school_id (the
 * register's pages of pupils on it): the request's tenant transaction opens with plain index scans off, in the
 * same round trip as its settings, so each table page is read once, by a bitmap. Under row-level security the
 * planner counts the school twice (the policy's and the statement's), expects a few rows, and walks the index
 * in its order instead, going back to the same pages for row after row: 151 buffers against 22 for a 451-pupil
 * school's register page (docs/performance.md, *Bitmap scans for the register*). `when` decides per request:
 * a statement that looks up each pupil's row by key (the register with pupils not on it) would pay a bitmap per
 * lookup, several times the cost.
 */
export const BitmapScans = (when: BitmapScansWhen = () => true) => SetMetadata(BITMAP_SCANS, when);

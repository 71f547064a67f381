import type { EntityManager } from 'typeorm';
import { invalid } from '#libs/core';

/** The pieces of a pupil's record a document can belong to, and the table each lives in. */
export const DOCUMENT_CONTEXTS = {
  professional_report: 'professional_reports',
  plan_cycle: 'plan_cycles',
  plan_review: 'plan_reviews',
  ehc_request: 'ehc_requests',
  annual_review: 'ehc_reviews',
} as const;
export type DocumentContextKind = keyof typeof DOCUMENT_CONTEXTS;
export const DOCUMENT_CONTEXT_KINDS = Object.keys(DOCUMENT_CONTEXTS) as DocumentContextKind[];

export interface DocumentContext {
  kind: DocumentContextKind;
  id: string;
}

/**
 * Checks a context names a row of this pupil in this school (the caller's RLS scope applies too): a context of
 * another pupil, another school or none at all is the same 400 naming `contextId`.
 */
export async function checkContext(m: EntityManager, schoolId: string, pupilId: string, context: DocumentContext): Promise<void> {
  const table = DOCUMENT_CONTEXTS[context.kind];
  const found = await m.query<unknown[]>(`select 1 from ${table} where id = $1 and school_id = $2 and pupil_id = $3`, [context.id, schoolId, pupilId]);
  if (found.length === 0) throw invalid([{ field: 'contextId', message: `contextId is not a ${context.kind.replace('_', ' ')} of this pupil` }]);
}

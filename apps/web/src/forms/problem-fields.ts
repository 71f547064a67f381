import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ProblemError } from '../api/client';

/**
 * Puts the API's problem+json field errors on the form's fields (React Hook Form), so each shows beside its
 * field as well as in the GOV.UK error summary. `pathOf` turns the API's field name ("name", or "row 2: code"
 * for a list) into the form's path, or null for one the form does not show (the summary still lists it).
 */
export function showProblemOnFields<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>, pathOf: (field: string) => Path<T> | null): void {
  if (!(error instanceof ProblemError)) return;
  for (const e of error.problem.errors ?? []) {
    const path = e.field ? pathOf(e.field) : null;
    if (path) setError(path, { type: 'server', message: e.message ?? 'is not valid' });
  }
}

/** "row 2: code" → [1, 'code'] (zero-based), for a list the API checks row by row; null for any other field. */
export function rowField(field: string): [number, string] | null {
  const match = /^row (\d+): (\w+)$/.exec(field);
  return match ? [Number(match[1]) - 1, match[2]] : null;
}

/** A query's or mutation's error as the error summary takes it: the ProblemError (or network error) it rejected with. */
export const errorOf = (error: unknown): Error | null => (error instanceof Error ? error : null);

import type { FieldError } from '#libs/core';
import type { ImportAction, ImportRowReport } from './import.service.js';

/** The parts of an import run that duplicate detection reads and corrects. */
interface DuplicateState {
  rows: ImportRowReport[];
  summary: Record<ImportAction, number>;
  upnRows: Map<string, number[]>;
  knownDuplicates: Map<number, number[]>;
}

export function duplicateError(upnHeader: string | undefined, row: number, group: number[]): FieldError {
  const others = group.filter((r) => r !== row);
  return {
    field: upnHeader ?? 'UPN',
    message: `row${others.length > 1 ? 's' : ''} ${others.join(', ')} of this file ${others.length > 1 ? 'have' : 'has'} the same UPN; a UPN belongs to one child, so none of these rows is imported until the file says which child it is`,
  };
}

/**
 * Every row sharing a UPN is rejected together, each naming the others: the file alone cannot say which
 * row is the UPN's real holder, and accepting the first would blame the wrong child. The commit already
 * knows the groups from its dry run (same file) and rejects them before applying anything.
 */
export function rejectDuplicates(state: DuplicateState, upnHeader: string | undefined): void {
  const byRow = new Map(state.rows.map((r) => [r.row, r]));
  state.knownDuplicates.clear();
  for (const group of state.upnRows.values()) {
    if (group.length < 2) continue;
    for (const row of group) {
      state.knownDuplicates.set(row, group);
      const report = byRow.get(row)!;
      const error = duplicateError(upnHeader, row, group);
      if (report.action !== 'reject') {
        state.summary[report.action] -= 1;
        state.summary.reject += 1;
        Object.assign(report, { action: 'reject', changes: [], errors: [error] });
      } else if (!report.errors.some((e) => e.message === error.message)) {
        report.errors.push(error);
      }
    }
  }
}

/** The first rejected rows, as field errors naming the row, for the problem's `errors` list. */
export function rejectedFieldErrors(rows: ImportRowReport[]): FieldError[] {
  return rows
    .filter((r) => r.action === 'reject')
    .slice(0, 100)
    .flatMap((r) => r.errors.map((e) => ({ field: `row ${r.row}: ${e.field}`, message: e.message })));
}

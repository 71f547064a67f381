import type { FieldError } from '#libs/core';
import type { ImportMapping } from '../import/mappings.js';
import type { Pupil } from '../pupil.entity.js';
import type { SenStatusEntry } from '../sen-status-entry.entity.js';
import type { RowPlan } from './import-plan.js';
import type { ImportNotices, NoticeTally } from './import-notices.js';

/** What an MIS import reports row by row, and the state one run (dry run or commit) carries between batches. */

export type ImportAction = 'create' | 'update' | 'unchanged' | 'reject';

export interface ImportRowReport {
  row: number;
  upn: string | null;
  action: ImportAction;
  changes: string[];
  errors: FieldError[];
  /** Things to complete later (e.g. an EHC plan date recorded as unknown); the row is still imported. */
  warnings: FieldError[];
}

export interface ImportReport {
  importId: string;
  status: 'dry_run' | 'committed';
  mapping: string;
  rowCount: number;
  summary: Record<ImportAction, number>;
  rows: ImportRowReport[];
  notices: ImportNotices;
  /** A commit with skipRejected: the rows left out, with why. Empty otherwise. */
  leftOut: { row: number; errors: FieldError[] }[];
}

export interface ImportOptions {
  /** The school's go-live date, if it has none yet (required on the commit that first places pupils on SEN Support). */
  goLive?: string;
  /** Commit the accepted rows and leave the rejected ones out (default: all or nothing). */
  skipRejected?: boolean;
}

export interface PendingRow {
  pupil: Pupil | null;
  current: SenStatusEntry | null;
  linkedCount: number;
  plan: RowPlan;
  pupilId?: string;
}

export interface RunState {
  mapping: ImportMapping;
  today: string;
  apply: boolean;
  reason: string;
  skipRejected: boolean;
  /** UPN → every row holding it, to reject all rows of a shared UPN together. */
  upnRows: Map<string, number[]>;
  /** The dry run's duplicate groups, known before the commit applies anything. */
  knownDuplicates: Map<number, number[]>;
  notices: NoticeTally;
  knownEmails: Map<string, string>;
  rows: ImportRowReport[];
  summary: Record<ImportAction, number>;
}

import type { FieldError } from '#libs/core';
import { isPlausibleEmail, quoteInput, type CsvRow } from '#libs/register';
import type { SchoolRole } from '#libs/vocabulary';
import { parseStaffRole, ROLE_HINT, type StaffField, type StaffMapping } from './staff-mappings.js';

/** One member of staff as the file describes them: one row, or (one class per row) several rows merged. */
export interface StaffEntry {
  rows: number[];
  email: string;
  name: string | null;
  role: SchoolRole | null;
  classNames: string[];
  /** Each names the file row it is about (a merged entry spans several). */
  errors: RowError[];
}

export interface RowError extends FieldError {
  row: number;
}

const CLASS_MAX = 32;

function parseRow(row: CsvRow, columns: Partial<Record<StaffField, string>>): StaffEntry {
  const cell = (field: StaffField) => (columns[field] ? (row.record[columns[field]] ?? '').trim() : '');
  const errors: RowError[] = [];
  const fail = (field: string | undefined, fallback: string, message: string) => errors.push({ row: row.row, field: field ?? fallback, message });
  // PostgreSQL cannot store or compare a NUL character: such a cell is refused before any query sees it.
  for (const [field, header] of Object.entries(columns)) if (cell(field as StaffField).includes('\u0000')) fail(header, field, 'contains a NUL character');
  const email = cell('email').toLowerCase();
  if (!email) fail(columns.email, 'email', 'is empty; every member of staff needs their school email address');
  else if (email.length > 254 || !isPlausibleEmail(email)) fail(columns.email, 'email', `${quoteInput(email)} does not look like an email address`);
  const rawRole = cell('role');
  const role = parseStaffRole(rawRole);
  if (!role) fail(columns.role, 'role', rawRole ? `${quoteInput(rawRole)} is not a staff role; ${ROLE_HINT}` : `is empty; ${ROLE_HINT}`);
  const classNames = [
    ...new Set(
      cell('classes')
        .split(/[,;]/)
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ];
  for (const c of classNames) if (c.length > CLASS_MAX) fail(columns.classes, 'classes', `${quoteInput(c)} is longer than ${CLASS_MAX} characters`);
  const name = cell('fullName') || [cell('firstName'), cell('lastName')].filter(Boolean).join(' ') || null;
  return { rows: [row.row], email, name, role, classNames, errors };
}

const others = (rows: number[], row: number) => rows.filter((r) => r !== row).join(', ');

/**
 * Rows → members of staff. With one class per row, rows sharing an email are one person's classes and must
 * agree on the role; with the classes in one cell, an email on two rows is a mistake and every such row is
 * refused, each naming the others (the file alone cannot say which row is right).
 */
export function groupStaffRows(rows: CsvRow[], mapping: StaffMapping, columns: Partial<Record<StaffField, string>>): StaffEntry[] {
  const entries: StaffEntry[] = [];
  const byEmail = new Map<string, StaffEntry[]>();
  for (const row of rows) {
    const entry = parseRow(row, columns);
    entries.push(entry);
    if (entry.email) byEmail.set(entry.email, [...(byEmail.get(entry.email) ?? []), entry]);
  }
  const emailHeader = columns.email ?? 'email';
  const merged = new Set<StaffEntry>();
  for (const group of byEmail.values()) {
    if (group.length < 2) continue;
    const rowsOf = group.flatMap((e) => e.rows);
    const roles = new Set(group.map((e) => e.role));
    if (mapping.classLayout === 'row' && roles.size === 1) {
      const [first, ...rest] = group as [StaffEntry, ...StaffEntry[]];
      first.rows = rowsOf;
      first.errors = group.flatMap((e) => e.errors);
      first.classNames = [...new Set(group.flatMap((e) => e.classNames))];
      for (const e of rest) merged.add(e);
      continue;
    }
    const why = mapping.classLayout === 'row' ? 'with a different role' : '; give each member of staff one row, with their classes in one cell ("4B, 5A")';
    for (const e of group) {
      const row = e.rows[0]!;
      e.errors.push({
        row,
        field: emailHeader,
        message: `the same email is on row${rowsOf.length > 2 ? 's' : ''} ${others(rowsOf, row)} ${why}`.replace(' ;', ';'),
      });
    }
  }
  return entries.filter((e) => !merged.has(e));
}

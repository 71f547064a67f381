import type { FieldError } from '#libs/core';
import { parseBoolean, parseDate, quoteInput } from '../domain/values.js';
import { normaliseHeader } from './headers.js';

/**
 * One CSV record read through a mapping's column headers, collecting every problem as a FieldError named
 * by the header the user sees. `header` arguments are the mapping's; `fallback` names the field when the
 * mapping has no column for it.
 */
export class RowCells {
  readonly errors: FieldError[] = [];
  private readonly cells = new Map<string, { header: string; value: string }>();

  constructor(record: Record<string, string>) {
    for (const [header, value] of Object.entries(record)) {
      this.cells.set(normaliseHeader(header), { header, value: value.trim() });
    }
  }

  /** The value ('' when blank), or undefined when the column is not mapped or not in the file. */
  get(header: string | undefined): string | undefined {
    return header === undefined ? undefined : this.cells.get(normaliseHeader(header))?.value;
  }

  name(header: string | undefined, fallback: string): string {
    if (header === undefined) return fallback;
    return this.cells.get(normaliseHeader(header))?.header ?? header;
  }

  fail(header: string | undefined, fallback: string, message: string): void {
    this.errors.push({ field: this.name(header, fallback), message });
  }

  /** Blank or absent → null (or an error when required); longer than `max` → error. */
  text(header: string | undefined, fallback: string, options: { required?: boolean; max: number }): string | null {
    const value = this.get(header) ?? '';
    if (value === '') {
      if (options.required) this.fail(header, fallback, 'is blank but required');
      return null;
    }
    if (value.length > options.max) {
      this.fail(header, fallback, `is ${value.length} characters long; the most allowed is ${options.max}`);
      return null;
    }
    return value;
  }

  /** An ISO date; `notAfter` (ISO, usually today) refuses future dates. */
  date(header: string | undefined, fallback: string, options: { required?: boolean; notAfter?: string } = {}): string | null {
    const value = this.get(header) ?? '';
    if (value === '') {
      if (options.required) this.fail(header, fallback, 'is blank but required');
      return null;
    }
    const date = parseDate(value);
    if (date === null) {
      this.fail(header, fallback, `${quoteInput(value)} is not a date; use dd/mm/yyyy or yyyy-mm-dd`);
      return null;
    }
    if (options.notAfter !== undefined && date > options.notAfter) {
      this.fail(header, fallback, `${date} is in the future`);
      return null;
    }
    return date;
  }

  /** Yes/no; blank or absent → null ("leave unchanged"). */
  flag(header: string | undefined, fallback: string): boolean | null {
    const result = parseBoolean(this.get(header) ?? '');
    if (result !== 'invalid') return result;
    this.fail(header, fallback, `${quoteInput(this.get(header)!)} is not yes or no; use Y or N`);
    return null;
  }
}

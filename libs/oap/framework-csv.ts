import type { FieldError } from '#libs/core';
import { CsvFormatError, openCsv } from '#libs/register';
import { CSV_COLUMNS, readExpectations, readHeader, type FrameworkFile, type RawExpectation } from './domain/framework-file.js';

const MAX_BYTES = 2 * 1024 * 1024;
const key = (header: string) => header.replace(/[\s_-]/g, '').toLowerCase();
const REQUIRED = ['code', 'area_of_need', 'expectation', 'evidence'];
const COLUMNS = new Map(Object.entries(CSV_COLUMNS).map(([column, field]) => [key(column), field]));

/**
 * A CSV framework: one expectation a row under the columns of docs/oap.md, the framework's own fields (LA code,
 * name, version, effective date, source, scale) given beside it. Errors name the spreadsheet row (the header is
 * row 1) and the column; an unknown column is refused rather than ignored, so a typo cannot drop a field.
 */
export async function readCsvFramework(
  source: AsyncIterable<Buffer | string>,
  header: Record<string, unknown>,
): Promise<{ file: FrameworkFile | null; errors: FieldError[] }> {
  const read = readHeader(header);
  const rows: RawExpectation[] = [];
  try {
    const csv = await openCsv(source, { maxBytes: MAX_BYTES });
    const unknown = csv.headers.filter((h) => !COLUMNS.has(key(h)));
    // Checked here rather than by openCsv, which would not read "Area of need" as area_of_need.
    const missing = REQUIRED.filter((column) => !csv.headers.some((h) => key(h) === key(column)));
    if (unknown.length > 0 || missing.length > 0) {
      csv.close();
      const errors = [
        ...unknown.map((h) => ({ field: `row 1: ${h.slice(0, 40)}`, message: 'is not a framework column' })),
        ...missing.map((column) => ({ field: `row 1: ${column}`, message: 'the file has no such column; it is required' })),
      ];
      return { file: null, errors: [...read.errors, ...errors] };
    }
    for await (const { row, record } of csv.rows) {
      if (Object.values(record).every((v) => v === '')) continue;
      const values: Record<string, unknown> = {};
      for (const [h, v] of Object.entries(record)) values[COLUMNS.get(key(h))!] = v;
      rows.push({ row, values });
    }
  } catch (error) {
    if (error instanceof CsvFormatError)
      return { file: null, errors: [...read.errors, { field: error.row === null ? 'file' : `row ${error.row}`, message: error.message }] };
    throw error;
  }
  const checked = readExpectations(read.header, rows);
  const errors = [...read.errors, ...checked.errors];
  return { file: errors.length === 0 && read.header ? { header: read.header, expectations: checked.expectations } : null, errors };
}

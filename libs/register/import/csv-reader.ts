import { Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { normaliseHeader } from './headers.js';

/**
 * Streaming CSV reader for uploads.
 *
 *   const csv = await openCsv(request.file, { maxBytes: 5 * 1024 * 1024, requiredHeaders: ['UPN'] });
 *   // csv.headers is known here: resolve a column mapping, report missing columns…
 *   for await (const { row, record } of csv.rows) { … }   // record is keyed by header
 *
 * openCsv resolves once the header row is read and rejects with a CsvFormatError for header problems.
 * The rows generator throws a CsvFormatError at the first malformed row (the file should then be
 * rejected as a whole). If rows are not read to the end, call close() to release the source.
 *
 * Only the text read so far and one record are held in memory. Errors from the source itself
 * (e.g. a dropped connection) pass through unchanged.
 */
export class CsvFormatError extends Error {
  constructor(
    message: string,
    public readonly row: number | null,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

/** `row` is the spreadsheet row: the header is row 1; blank lines count; a multi-line quoted value is one row. */
export interface CsvRow {
  row: number;
  record: Record<string, string>;
}

export interface CsvOptions {
  maxBytes: number;
  /** Checked case- and whitespace-insensitively; all missing ones are named in one error. */
  requiredHeaders?: string[];
}

export interface CsvReader {
  headers: string[];
  rows: AsyncGenerator<CsvRow, void, undefined>;
  close(): void;
}

const MiB = 1024 * 1024;
const formatSize = (bytes: number) =>
  bytes >= MiB ? `${+(bytes / MiB).toFixed(1)} MB` : bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;

const notUtf8 = (row: number | null) => new CsvFormatError(`the file is not UTF-8 text${row === null ? '' : ` (row ${row})`}; save it as CSV UTF-8`, row);

/**
 * Counts rows the way the parser does (line breaks outside quotes), so a decoding error can name its row
 * although the parser has not reached it yet.
 */
class RowTracker {
  private row = 1;
  private quoted = false;
  private afterCr = false;

  advance(text: string, end = text.length): number {
    for (let i = 0; i < end; i++) {
      const c = text.charCodeAt(i);
      if (this.afterCr) {
        this.afterCr = false;
        if (c === 10) continue;
      }
      if (c === 34) this.quoted = !this.quoted;
      else if (!this.quoted && (c === 10 || c === 13)) {
        this.row++;
        this.afterCr = c === 13;
      }
    }
    return this.row;
  }
}

/** Strict UTF-8 over a byte stream; a character split across chunks is joined by the streaming decoder. */
async function* decodeUtf8(source: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<string> {
  const strict = new TextDecoder('utf-8', { fatal: true }); // also drops a leading BOM
  const lenient = new TextDecoder('utf-8'); // fed in step: its U+FFFD marks where the bad byte is
  const rows = new RowTracker();
  let bytes = 0;
  for await (const chunk of source) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    bytes += data.length;
    if (bytes > maxBytes) throw new CsvFormatError(`the file is larger than ${formatSize(maxBytes)}`, null);
    const text = lenient.decode(data, { stream: true });
    try {
      strict.decode(data, { stream: true });
    } catch {
      const at = text.indexOf('\uFFFD');
      throw notUtf8(at < 0 ? null : rows.advance(text, at));
    }
    rows.advance(text);
    if (text) yield text;
  }
  try {
    strict.decode(); // a multi-byte character cut off at the end of the file
  } catch {
    throw notUtf8(rows.advance(''));
  }
}

/** Maps csv-parse's errors onto messages a school user can act on. */
function formatError(error: unknown): unknown {
  if (!(error instanceof CsvError)) return error;
  const row = typeof error.records === 'number' ? error.records + 1 : null;
  const at = row === null ? '' : `row ${row} `;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvFormatError(`${at}has a quote (") that is never closed; check the quotes in that row`, row);
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new CsvFormatError(
        `${at}has a stray quote (") inside a value; a value containing quotes must be wrapped in quotes, with each quote inside doubled ("")`,
        row,
      );
    default:
      return new CsvFormatError(`${at}could not be read as CSV: ${error.message}`, row);
  }
}

const isBlank = (cells: string[]) => cells.every((cell) => cell === '');

function checkHeaders(cells: string[], row: number, required: string[]): string[] {
  if (cells.length === 1) {
    const separator = /\t/.test(cells[0]!) ? 'tabs' : cells[0]!.includes(';') ? "';'" : null;
    if (separator) throw new CsvFormatError(`the file uses ${separator} between columns; export it as comma-separated CSV`, row);
  }
  // Spreadsheets often save trailing empty columns; those carry no header and are ignored.
  let width = cells.length;
  while (width > 0 && cells[width - 1] === '') width--;
  const headers = cells.slice(0, width);
  const seen = new Map<string, number>();
  headers.forEach((header, i) => {
    if (header === '') throw new CsvFormatError(`column ${i + 1} has no header; name the column or delete it`, row);
    const key = normaliseHeader(header);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new CsvFormatError(`the column '${header}' appears twice (columns ${first + 1} and ${i + 1}); remove or rename one`, row);
    }
    seen.set(key, i);
  });
  const missing = required.filter((name) => !seen.has(normaliseHeader(name)));
  if (missing.length > 0) {
    const list = missing.map((name) => `'${name}'`).join(', ');
    throw new CsvFormatError(`the file is missing the ${missing.length === 1 ? 'column' : 'columns'} ${list}`, row);
  }
  return headers;
}

type ParsedRecord = { record: string[]; info: { records: number } };

export async function openCsv(source: AsyncIterable<Buffer | string>, options: CsvOptions): Promise<CsvReader> {
  // Columns are counted here, not by the parser, to word the error; trim lets `a, "b"` through.
  const parser = parse({ info: true, relax_column_count: true, skip_empty_lines: false, trim: true });
  pipeline(Readable.from(decodeUtf8(source, options.maxBytes)), parser, () => {
    // Errors reach the consumer through the parser's iterator; nothing to do here.
  });
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<ParsedRecord>;
  const close = () => {
    parser.destroy();
  };
  const next = async (): Promise<{ row: number; cells: string[] } | null> => {
    try {
      const result = await records.next();
      if (result.done) return null;
      return { row: result.value.info.records, cells: result.value.record.map((cell) => cell.trim()) };
    } catch (error) {
      close();
      throw formatError(error);
    }
  };

  let header = await next();
  while (header && isBlank(header.cells)) header = await next();
  if (!header) throw new CsvFormatError('the file is empty', null);
  let headers: string[];
  try {
    headers = checkHeaders(header.cells, header.row, options.requiredHeaders ?? []);
  } catch (error) {
    close();
    throw error;
  }

  async function* rows(): AsyncGenerator<CsvRow, void, undefined> {
    try {
      for (let parsed = await next(); parsed; parsed = await next()) {
        const { row, cells } = parsed;
        if (isBlank(cells)) continue;
        // Trailing empty cells beyond the header are the spreadsheet's padding, not values.
        let count = cells.length;
        while (count > headers.length && cells[count - 1] === '') count--;
        if (count !== headers.length) {
          const hint =
            count < headers.length
              ? 'check for a missing value or a line break inside a value'
              : 'check for a comma inside a value that is not wrapped in quotes';
          throw new CsvFormatError(`row ${row} has ${count} values but the header row has ${headers.length} columns; ${hint}`, row);
        }
        yield { row, record: Object.fromEntries(headers.map((name, i) => [name, cells[i]!])) };
      }
    } finally {
      close();
    }
  }

  return { headers, rows: rows(), close };
}

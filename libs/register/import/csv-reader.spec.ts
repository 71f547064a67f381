import { Readable } from 'node:stream';
import { CsvFormatError, openCsv, type CsvRow } from './csv-reader.js';

const MB = 1024 * 1024;

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Buffer | string> {
  for (const part of parts) yield part;
}

async function readAll(parts: (string | Buffer)[], options = { maxBytes: MB }) {
  const csv = await openCsv(chunks(...parts), options);
  const rows: CsvRow[] = [];
  for await (const row of csv.rows) rows.push(row);
  return { headers: csv.headers, rows };
}

/** The CsvFormatError a read fails with, from opening or from the rows. */
async function formatError(parts: (string | Buffer)[], options: { maxBytes: number; requiredHeaders?: string[] } = { maxBytes: MB }) {
  try {
    await readAll(parts, options);
  } catch (error) {
    if (error instanceof CsvFormatError) return { message: error.message, row: error.row };
    throw error;
  }
  throw new Error('expected a CsvFormatError');
}

describe('openCsv', () => {
  it('reads headers first, then trimmed records keyed by header with spreadsheet row numbers', async () => {
    const csv = await openCsv(chunks('UPN, Name ,Year\r\n', 'B801200005001, Ann ,3\r\n\r\n', 'M80120000500A,"Bo, Jr",4\r\n'), {
      maxBytes: MB,
    });
    expect(csv.headers).toEqual(['UPN', 'Name', 'Year']);
    const rows: CsvRow[] = [];
    for await (const row of csv.rows) rows.push(row);
    expect(rows).toEqual([
      { row: 2, record: { UPN: 'B801200005001', Name: 'Ann', Year: '3' } },
      // row 3 is blank: skipped but still counted, as a spreadsheet shows it
      { row: 4, record: { UPN: 'M80120000500A', Name: 'Bo, Jr', Year: '4' } },
    ]);
  });

  it('reads from a Node stream of buffers', async () => {
    const csv = await openCsv(Readable.from([Buffer.from('a,b\n1,2\n')]), { maxBytes: MB });
    const rows: CsvRow[] = [];
    for await (const row of csv.rows) rows.push(row);
    expect(rows).toEqual([{ row: 2, record: { a: '1', b: '2' } }]);
  });

  it('counts a quoted value spanning lines as one row', async () => {
    const { rows } = await readAll(['name,note\nAnn,"line one\nline two\nline three"\nBo,short\n']);
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
    expect(rows[0]!.record.note).toBe('line one\nline two\nline three');
  });

  it('strips a leading byte order mark', async () => {
    const { headers, rows } = await readAll([Buffer.from([0xef, 0xbb, 0xbf]), 'UPN,Name\nx,y\n']);
    expect(headers).toEqual(['UPN', 'Name']);
    expect(rows[0]!.record).toEqual({ UPN: 'x', Name: 'y' });
  });

  it('joins a multi-byte character split across two chunks', async () => {
    const bytes = Buffer.from('name\nZoë\n', 'utf8');
    const split = bytes.indexOf(0xc3) + 1; // between the two bytes of ë
    const { rows } = await readAll([bytes.subarray(0, split), bytes.subarray(split)]);
    expect(rows[0]!.record.name).toBe('Zoë');
  });

  it('joins a three-byte character split over three chunks', async () => {
    const euro = Buffer.from('€', 'utf8');
    const { rows } = await readAll(['price\n', euro.subarray(0, 1), euro.subarray(1, 2), euro.subarray(2), '5\n']);
    expect(rows[0]!.record.price).toBe('€5');
  });

  it('ignores trailing empty header cells and matching empty padding in rows', async () => {
    const { headers, rows } = await readAll(['a,b,,\n1,2,,\n3,4\n']);
    expect(headers).toEqual(['a', 'b']);
    expect(rows.map((r) => r.record)).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
  });

  it('gives the headers of a file with no data rows', async () => {
    expect(await readAll(['\n\nUPN,Name\n\n'])).toEqual({ headers: ['UPN', 'Name'], rows: [] });
  });

  it('lets the consumer stop early and releases the source', async () => {
    let finished = false;
    async function* source() {
      try {
        yield 'a\n1\n';
        yield '2\n';
        yield '3\n';
      } finally {
        finished = true;
      }
    }
    const csv = await openCsv(source(), { maxBytes: MB });
    for await (const row of csv.rows) {
      expect(row.record.a).toBe('1');
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(true);
  });

  it('reads on demand (backpressure) and close() releases the source when the rows are not read', async () => {
    let pulled = 0;
    let finished = false;
    async function* endless() {
      try {
        yield 'a\n';
        for (;;) {
          pulled++;
          yield '1\n'.repeat(1000);
        }
      } finally {
        finished = true;
      }
    }
    const csv = await openCsv(endless(), { maxBytes: 1000 * MB });
    expect(csv.headers).toEqual(['a']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished).toBe(false);
    expect(pulled).toBeLessThan(100); // stopped by backpressure, not read to the limit
    csv.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished).toBe(true);
  });
});

describe('openCsv refuses malformed files', () => {
  it('an empty file, or one with only blank lines', async () => {
    expect(await formatError([])).toEqual({ message: 'the file is empty', row: null });
    expect(await formatError([Buffer.from([0xef, 0xbb, 0xbf]), '\r\n\r\n'])).toEqual({ message: 'the file is empty', row: null });
  });

  it("a file separated by ';' or tabs", async () => {
    expect(await formatError(['UPN;Name;Year\nx;y;3\n'])).toEqual({
      message: "the file uses ';' between columns; export it as comma-separated CSV",
      row: 1,
    });
    expect((await formatError(['UPN\tName\n'])).message).toBe('the file uses tabs between columns; export it as comma-separated CSV');
  });

  it('an empty or duplicate header, naming it', async () => {
    expect(await formatError(['UPN,,Name\n'])).toEqual({ message: 'column 2 has no header; name the column or delete it', row: 1 });
    expect(await formatError(['UPN,Name,upn \n'])).toEqual({
      message: "the column 'upn' appears twice (columns 1 and 3); remove or rename one",
      row: 1,
    });
  });

  it('missing required headers, all named in one error', async () => {
    const options = { maxBytes: MB, requiredHeaders: ['UPN', 'Date of Birth', 'Year Group'] };
    expect(await formatError(['upn,DateOfBirth\n'], { ...options, requiredHeaders: ['UPN', 'Date of Birth', 'Year Group', 'Class'] })).toEqual({
      message: "the file is missing the columns 'Year Group', 'Class'",
      row: 1,
    });
    expect((await formatError(['UPN,Date of Birth\n'], options)).message).toBe("the file is missing the column 'Year Group'");
  });

  it('bytes that are not UTF-8, naming the row', async () => {
    const latin1 = Buffer.from('name\nAnn\nZo\xeb\n', 'latin1'); // Windows "ANSI" export
    expect(await formatError([latin1])).toEqual({ message: 'the file is not UTF-8 text (row 3); save it as CSV UTF-8', row: 3 });
    // the bad byte arrives in a later chunk, after a quoted multi-line value
    expect(await formatError(['name\n"a\nb"\nok\n', Buffer.from('bad \xff\n', 'latin1')])).toEqual({
      message: 'the file is not UTF-8 text (row 4); save it as CSV UTF-8',
      row: 4,
    });
  });

  it('a multi-byte character cut off at the end of the file', async () => {
    const bytes = Buffer.from('name\nZoë', 'utf8');
    expect(await formatError([bytes.subarray(0, bytes.length - 1)])).toEqual({
      message: 'the file is not UTF-8 text (row 2); save it as CSV UTF-8',
      row: 2,
    });
  });

  it('a stray quote inside a value', async () => {
    expect(await formatError(['name,height\nAnn,4\'2"\nBo,5\n'])).toEqual({
      message: 'row 2 has a stray quote (") inside a value; a value containing quotes must be wrapped in quotes, with each quote inside doubled ("")',
      row: 2,
    });
    expect((await formatError(['name,note\nAnn,"ok"x\n'])).row).toBe(2);
  });

  it('a quote that is never closed, naming the row it opened on', async () => {
    expect(await formatError(['name,note\nAnn,fine\nBo,"oops\nCy,ok\n'])).toEqual({
      message: 'row 3 has a quote (") that is never closed; check the quotes in that row',
      row: 3,
    });
  });

  it('a row with a different number of values from the header', async () => {
    expect(await formatError(['a,b,c\n1,2,3\n4,5\n'])).toEqual({
      message: 'row 3 has 2 values but the header row has 3 columns; check for a missing value or a line break inside a value',
      row: 3,
    });
    expect(await formatError(['a,b\n\n1,2,3\n'])).toEqual({
      message: 'row 3 has 3 values but the header row has 2 columns; check for a comma inside a value that is not wrapped in quotes',
      row: 3,
    });
  });

  it('a file larger than the limit, even when it arrives in small chunks', async () => {
    expect(await formatError(['a,b\n', '1,2\n'.repeat(10)], { maxBytes: 20 })).toEqual({
      message: 'the file is larger than 20 bytes',
      row: null,
    });
    const big = Buffer.alloc(MB + 1, 'a');
    expect((await formatError(['h\n', big], { maxBytes: MB })).message).toBe('the file is larger than 1 MB');
    expect((await formatError(['h\n', big, big, big], { maxBytes: 2.5 * MB })).message).toBe('the file is larger than 2.5 MB');
  });

  it('passes errors from the source through unchanged', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 'a\n1\n';
      throw new Error('connection reset');
    }
    const read = async () => {
      const csv = await openCsv(failing(), { maxBytes: MB });
      for await (const _ of csv.rows);
    };
    await expect(read()).rejects.toThrow('connection reset');
  });
});

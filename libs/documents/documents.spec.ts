import { pdfText } from '#libs/testing';
import {
  NOT_RECORDED,
  escapeHtml,
  formatDate,
  formatTimestamp,
  renderDocumentHtml,
  renderDocumentMarkdown,
  renderDocumentPdf,
  type Column,
  type ReportDocument,
  type Table,
} from './index.js';

const HOSTILE = `<script>alert("x")</script> & 'quotes'`;

const COLUMNS: Column[] = [
  { label: 'Intervention', weight: 3 },
  { label: 'Staff', weight: 2 },
  { label: 'Sessions planned', weight: 1 },
  { label: 'Sessions delivered', weight: 1 },
  { label: 'Cost', weight: 1 },
];

/** A small provision map: a table of interventions, an empty table, fields, and groups two deep. */
function sample(extra: Partial<ReportDocument> = {}): ReportDocument {
  return {
    title: 'Provision map: Oak Class',
    heading: 'Provision map for Oak Class, autumn term 2025',
    subject: ['Riverside Primary School'],
    intro: ['Interventions planned and delivered this term.'],
    sections: [
      {
        id: 'interventions',
        title: '1. Interventions',
        blocks: [
          { kind: 'paragraph', text: 'Sessions planned against sessions delivered.' },
          {
            kind: 'table',
            caption: 'Interventions this term',
            columns: COLUMNS,
            rows: [
              ['Precision teaching', 'Mrs Agnieszka Nowak', '30', '28', '£240.00'],
              ['Lego-based therapy', 'Mr Tom O’Neill', '12', '', '£360.00'],
              ['Phonics keep-up', 'Ms Zoë Łukasiewicz', '60'],
            ],
            empty: 'No interventions.',
          },
          { kind: 'table', caption: 'Interventions stopped early', columns: COLUMNS, rows: [], empty: 'None stopped early.' },
        ],
      },
      {
        id: 'costs',
        title: '2. Costs',
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: 'Total cost', value: '£600.00' },
              { label: 'Funding source', value: '  ' },
            ],
          },
          {
            kind: 'group',
            id: 'reading',
            title: 'Reading interventions',
            blocks: [
              { kind: 'paragraph', text: 'Two reading interventions ran.' },
              {
                kind: 'group',
                id: 'reading-staff',
                title: 'Who delivered them',
                blocks: [{ kind: 'fields', fields: [{ label: 'Staff', value: 'Teaching assistants' }] }],
              },
            ],
          },
        ],
      },
    ],
    ...extra,
  };
}

/** `n` rows for `columns`, each cell naming its row and column. */
function wideTable(columns: number, rows: number): Table {
  return {
    kind: 'table',
    caption: 'Wide table',
    columns: Array.from({ length: columns }, (_, c) => ({ label: `Col${c + 1}`, weight: 1 })),
    rows: Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => `r${r + 1}c${c + 1}`)),
    empty: 'None.',
  };
}

const withTable = (table: Table, extra: Partial<ReportDocument> = {}): ReportDocument =>
  sample({ sections: [{ id: 'wide', title: 'Wide', blocks: [table] }], ...extra });

const headings = (html: string) => [...html.matchAll(/<h([1-6])[^>]*>(.*?)<\/h\1>/g)].map((m) => ({ level: Number(m[1]), text: m[2] }));

/** Asserts that each of `parts` occurs in `text`, in this order. */
function expectInOrder(text: string, parts: string[]) {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    if (at < 0) throw new Error(`"${part}" not found after position ${from}`);
    from = at + part.length;
  }
}

describe('formatting', () => {
  it('formats dates and timestamps', () => {
    expect(formatDate('2026-03-03')).toBe('3 March 2026');
    expect(formatDate('not a date')).toBe('not a date');
    expect(formatTimestamp('2025-07-01T23:30:00.000Z')).toBe('2 July 2025 at 00:30');
  });

  it('escapes HTML', () => {
    expect(escapeHtml(HOSTILE)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
  });
});

describe('renderDocumentHtml', () => {
  const html = renderDocumentHtml(sample());

  it('is a standalone HTML5 page in English by default, titled with the subject', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('<title>Provision map: Oak Class (Riverside Primary School)</title>');
    expect(html).not.toMatch(/<(script|link|iframe|img)\b/i);
    expect(renderDocumentHtml(sample({ lang: 'cy', subject: [] }))).toMatch(/<html lang="cy">[\s\S]*<title>Provision map: Oak Class<\/title>/);
  });

  it('has one h1, the sections as h2s and nested groups as h3 then h4, never skipping a level', () => {
    expect(headings(html)).toEqual([
      { level: 1, text: 'Provision map for Oak Class, autumn term 2025' },
      { level: 2, text: '1. Interventions' },
      { level: 2, text: '2. Costs' },
      { level: 3, text: 'Reading interventions' },
      { level: 4, text: 'Who delivered them' },
    ]);
    expect(html).toContain('<li><a href="#interventions">1. Interventions</a></li>');
    expect(html).toContain('<section aria-labelledby="reading-staff">\n<h4 id="reading-staff">');
  });

  it('makes real tables: caption, column and row headers, one cell per column, gaps marked', () => {
    const gap = `<span class="gap">${NOT_RECORDED}</span>`;
    const table = /<table>\n<caption>Interventions this term<\/caption>\n<thead><tr>(.*?)<\/tr><\/thead>\n<tbody>\n(.*?)\n<\/tbody>\n<\/table>/s.exec(html);
    expect(table).not.toBeNull();
    expect(table![1]).toBe(COLUMNS.map((c) => `<th scope="col">${c.label}</th>`).join(''));
    const rows = table![2]!.split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBe('<tr><th scope="row">Precision teaching</th><td>Mrs Agnieszka Nowak</td><td>30</td><td>28</td><td>£240.00</td></tr>');
    expect(rows[1]).toContain(`<td>12</td><td>${gap}</td><td>£360.00</td>`);
    expect(rows[2]).toContain(`<td>60</td><td>${gap}</td><td>${gap}</td></tr>`);
    expect(html).toContain('<p><strong>Interventions stopped early:</strong> None stopped early.</p>');
    expect(html).toContain(`<dt>Funding source</dt><dd>${gap}</dd>`);
  });

  it('escapes every string from the document', () => {
    const doc = sample({ title: HOSTILE, heading: HOSTILE, subject: [HOSTILE], intro: [HOSTILE] });
    doc.sections[0]!.id = `"><script>`;
    doc.sections[0]!.title = HOSTILE;
    doc.sections[0]!.blocks = [{ kind: 'table', caption: HOSTILE, columns: [{ label: HOSTILE, weight: 1 }], rows: [[HOSTILE]], empty: '' }];
    doc.sections[1]!.blocks = [
      { kind: 'fields', fields: [{ label: HOSTILE, value: HOSTILE }] },
      { kind: 'group', id: HOSTILE, title: HOSTILE, blocks: [] },
    ];
    const out = renderDocumentHtml(doc);
    expect(out).not.toContain('<script');
    expect(out).not.toContain(`'quotes'`);
    expect(out.split(escapeHtml(HOSTILE)).length - 1).toBeGreaterThanOrEqual(10);
  });

  it('asks for landscape pages when printed, only for a landscape document', () => {
    expect(html).not.toContain('landscape');
    expect(renderDocumentHtml(sample({ landscape: true }))).toContain('@page { size: A4 landscape; }');
  });
});

describe('renderDocumentPdf', () => {
  let parsed: Awaited<ReturnType<typeof pdfText>>;
  let pdf: Buffer;

  beforeAll(async () => {
    const doc = sample();
    // Enough rows to run the first table over pages.
    const table = doc.sections[0]!.blocks[1] as Table;
    table.rows.push(...Array.from({ length: 80 }, (_, i) => [`Extra intervention ${i + 1}`, 'Staff', '10', '9', '£10.00']));
    pdf = await renderDocumentPdf(doc);
    parsed = await pdfText(pdf);
  });

  it('opens, with its title, over numbered A4 portrait pages', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(parsed.title).toBe('Provision map: Oak Class');
    expect(parsed.pages).toBeGreaterThan(1);
    for (let n = 1; n <= parsed.pages; n++) expect(parsed.text).toContain(`Page ${n} of ${parsed.pages}`);
    expect(parsed.text).toContain('Provision map: Oak Class, Riverside Primary School');
    for (const size of parsed.pageSizes) {
      expect(size.width).toBeCloseTo(595.28, 1);
      expect(size.height).toBeCloseTo(841.89, 1);
    }
  });

  it('has the text in reading order, the table header repeated, and gaps as "Not recorded"', () => {
    expectInOrder(parsed.text, [
      'Provision map for Oak Class, autumn term 2025',
      'Interventions planned and delivered this term.',
      '1. Interventions',
      'Sessions planned against sessions delivered.',
      'Interventions this term',
      'Intervention Staff Sessions planned Sessions delivered Cost',
      'Precision teaching Mrs Agnieszka Nowak 30 28 £240.00',
      `Lego-based therapy Mr Tom O’Neill 12 ${NOT_RECORDED} £360.00`,
      `Phonics keep-up Ms Zoë Łukasiewicz 60 ${NOT_RECORDED} ${NOT_RECORDED}`,
      'Interventions this term (continued)',
      'Extra intervention 80',
      'Interventions stopped early: None stopped early.',
      '2. Costs',
      'Total cost £600.00',
      `Funding source ${NOT_RECORDED}`,
      'Reading interventions',
      'Two reading interventions ran.',
      'Who delivered them',
      'Staff Teaching assistants',
    ]);
  });

  it('lays out landscape A4 pages, with tables of up to 9 columns as grids', async () => {
    const nine = wideTable(9, 2);
    const landscape = await pdfText(await renderDocumentPdf(withTable(nine, { landscape: true })));
    expect(landscape.pageSizes.length).toBeGreaterThan(0);
    for (const size of landscape.pageSizes) {
      expect(size.width).toBeCloseTo(841.89, 1);
      expect(size.height).toBeCloseTo(595.28, 1);
    }
    const header = nine.columns.map((c) => c.label).join(' ');
    expect(landscape.text).toContain(`${header} ${nine.rows[0]!.join(' ')} ${nine.rows[1]!.join(' ')}`);

    // In portrait the same table is too wide for a grid: one record per row.
    const portrait = await pdfText(await renderDocumentPdf(withTable(nine)));
    expect(portrait.pageSizes[0]!.width).toBeLessThan(portrait.pageSizes[0]!.height);
    expect(portrait.text).not.toContain(header);
    expect(portrait.text).toContain('Col1 1: r1c1 Col2 r1c2 Col3 r1c3');

    // And in landscape, so is a table of 10 columns.
    const ten = await pdfText(await renderDocumentPdf(withTable(wideTable(10, 2), { landscape: true })));
    expect(ten.text).toContain('Col1 2: r2c1 Col2 r2c2');
  });
});

describe('renderDocumentMarkdown', () => {
  const md = renderDocumentMarkdown(sample());
  const lines = md.split('\n');

  it('has the heading, the sections and the nested groups as ATX headings', () => {
    expect(lines.filter((l) => /^#{1,6} /.test(l))).toEqual([
      '# Provision map for Oak Class, autumn term 2025',
      '## 1. Interventions',
      '## 2. Costs',
      '### Reading interventions',
      '#### Who delivered them',
    ]);
    expect(md.endsWith('\n')).toBe(true);
    expect(md).not.toMatch(/\n\n\n/);
  });

  it('makes tables with a header row, one cell per column, and gaps as "Not recorded"', () => {
    const at = lines.indexOf('**Interventions this term**');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 7)).toEqual([
      '',
      '| Intervention | Staff | Sessions planned | Sessions delivered | Cost |',
      '| --- | --- | --- | --- | --- |',
      '| Precision teaching | Mrs Agnieszka Nowak | 30 | 28 | £240.00 |',
      `| Lego-based therapy | Mr Tom O’Neill | 12 | ${NOT_RECORDED} | £360.00 |`,
      `| Phonics keep-up | Ms Zoë Łukasiewicz | 60 | ${NOT_RECORDED} | ${NOT_RECORDED} |`,
    ]);
    expect(lines[at + 7]).toBe('');
    expect(md).toContain('**Interventions stopped early:** None stopped early.');
    expect(md).toContain('- **Total cost:** £600.00\n');
    expect(md).toContain(`- **Funding source:** ${NOT_RECORDED}\n`);
  });

  it('escapes pipes and line breaks in cells, so each row stays one row of the right width', () => {
    const table: Table = {
      kind: 'table',
      caption: 'Notes | remarks',
      columns: [
        { label: 'A|B', weight: 1 },
        { label: 'Note', weight: 1 },
      ],
      rows: [['x | y', 'first line\nsecond | line\n']],
      empty: '',
    };
    const out = renderDocumentMarkdown(withTable(table));
    expect(out).toContain('**Notes \\| remarks**\n\n| A\\|B | Note |\n| --- | --- |\n| x \\| y | first line<br>second \\| line |\n');
    const row = out.split('\n').find((l) => l.startsWith('| x'))!;
    // Unescaped pipes delimit the cells: three of them for two cells.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(3);
  });

  it('keeps text from the data from becoming markup', () => {
    const doc = sample({ heading: '# Not a *heading*', intro: [HOSTILE, '- not a list\n1. not a list either\n\n[link](http://x) `code` _em_ &amp;'] });
    const out = renderDocumentMarkdown(doc);
    // No `<` that is not escaped, so no HTML.
    expect(out).not.toMatch(/(?<!\\)</);
    expect(out).toContain('# \\# Not a \\*heading\\*\n');
    expect(out).toContain('\\<script\\>alert("x")\\</script\\> & \'quotes\'');
    expect(out).toContain('\\- not a list\\\n1\\. not a list either\n\n\\[link\\](http://x) \\`code\\` \\_em\\_ \\&amp;');
  });
});

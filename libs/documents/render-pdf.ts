import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import {
  DEFAULT_LANG,
  NOT_RECORDED,
  emptyTableText,
  groupLevel,
  identification,
  rowCells,
  shown,
  type Block,
  type Field,
  type Group,
  type HeadingLevel,
  type ReportDocument,
  type Table,
} from './report-document.js';

/**
 * DejaVu Sans from the `dejavu-fonts-ttf` package, embedded (as a subset) in every PDF: the standard PDF
 * fonts cover Latin-1 only, and pupils' and parents' names need more (Ł, ő, ğ …), as do ’ “ ” – ×.
 * Resolved through Node's resolver so it works wherever the package is installed, with no system fonts.
 */
const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

type Doc = PDFKit.PDFDocument;
type Outline = PDFKit.PDFOutline;

const MARGIN = { top: 54, bottom: 62, left: 54, right: 54 };
const INK = '#111111';
const HEADING_INK = '#0b3d6b';
const GAP_INK = '#9a3412';
const RULE = '#8a8a8a';
const HEADING_SIZE = { 1: 18, 2: 14, 3: 12, 4: 10.5, 5: 10, 6: 9.5 } as const;
const BODY_SIZE = 9.5;
const TABLE_SIZE = 8.5;
const LINE_GAP = 1.5;
/**
 * Tables with more columns than this are laid out as one label/value record per row: A4 portrait is
 * narrow, landscape takes a few more.
 */
const MAX_GRID_COLUMNS = { portrait: 6, landscape: 9 } as const;

class Writer {
  constructor(
    private readonly doc: Doc,
    private readonly maxGridColumns: number,
  ) {}

  get left() {
    return this.doc.page.margins.left;
  }
  get width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get top() {
    return this.doc.page.margins.top;
  }
  /** A little short of the real bottom margin, so pdfkit never breaks a page inside a measured box. */
  get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom - 2;
  }
  get pageHeight() {
    return this.bottom - this.top;
  }

  /** Starts a new page unless `height` fits below the current position. */
  need(height: number) {
    if (this.doc.y + height > this.bottom && this.doc.y > this.top + 0.5) this.doc.addPage();
  }

  gap(points: number) {
    if (this.doc.y > this.top + 0.5) this.doc.y = Math.min(this.doc.y + points, this.bottom);
  }

  private measure(text: string, font: string, size: number, width: number) {
    return this.doc.font(font).fontSize(size).heightOfString(text, { width, lineGap: LINE_GAP });
  }

  /** Draws text in a box that is known to fit: never breaks the page, leaves the cursor where it was told. */
  private box(text: string, x: number, y: number, width: number, height: number, font: string, size: number, colour: string) {
    this.doc
      .font(font)
      .fontSize(size)
      .fillColor(colour)
      .text(text, x, y, { width, height: height + 1, lineGap: LINE_GAP });
  }

  /** Text that may run over pages. */
  private flow(text: string, x: number, width: number, font: string, size: number, colour = INK) {
    this.doc.font(font).fontSize(size).fillColor(colour).text(text, x, this.doc.y, { width, lineGap: LINE_GAP });
    this.doc.x = this.left;
  }

  headingHeight(level: HeadingLevel, text: string) {
    return this.measure(text, FONT_BOLD, HEADING_SIZE[level], this.width) + (level === 2 ? 5 : 3);
  }

  /** A heading, kept on the same page as `keep` points of what follows it. */
  heading(level: HeadingLevel, text: string, keep: number) {
    this.gap(level === 1 ? 0 : level === 2 ? 16 : level === 3 ? 12 : 8);
    this.need(this.headingHeight(level, text) + Math.min(keep, this.pageHeight / 2));
    this.flow(text, this.left, this.width, FONT_BOLD, HEADING_SIZE[level], level <= 2 ? HEADING_INK : INK);
    if (level === 2) {
      const y = this.doc.y + 1;
      this.doc
        .moveTo(this.left, y)
        .lineTo(this.left + this.width, y)
        .lineWidth(1)
        .strokeColor(HEADING_INK)
        .stroke();
      this.doc.y = y + 4;
    } else {
      this.doc.y += 3;
    }
  }

  /**
   * How much of a block must fit on a page before it is started there (so no heading or caption is left
   * alone). `depth`: how many groups deep the block is in its section.
   */
  lead(b: Block, depth: number): number {
    switch (b.kind) {
      case 'paragraph':
        return Math.min(this.measure(b.text, FONT_REGULAR, BODY_SIZE, this.width), 40);
      case 'fields':
        return Math.min(this.fieldsHeight(b.fields.slice(0, 2), 0), this.pageHeight / 2);
      case 'table':
        if (b.rows.length === 0) return this.lead({ kind: 'paragraph', text: emptyTableText(b) }, depth);
        return this.isWide(b) ? this.recordsLead(b) : this.gridLayout(b).lead;
      case 'group':
        return this.headingHeight(groupLevel(depth), b.title) + (b.blocks[0] ? this.lead(b.blocks[0], depth + 1) : 0);
    }
  }

  paragraph(text: string) {
    // A short paragraph is kept whole; a longer one starts where it is and runs on.
    this.need(this.lead({ kind: 'paragraph', text }, 0));
    this.flow(text, this.left, this.width, FONT_REGULAR, BODY_SIZE);
    this.doc.y += 5;
  }

  private fieldLayout(indent: number) {
    const x = this.left + indent;
    const labelWidth = Math.min(165, (this.width - indent) * 0.34);
    const valueX = x + labelWidth + 10;
    return { x, labelWidth, valueX, valueWidth: this.left + this.width - valueX };
  }

  /** The height `fields` would take, if no field is long enough to run over pages. */
  private fieldsHeight(list: Field[], indent: number) {
    const { labelWidth, valueWidth } = this.fieldLayout(indent);
    const rows = list.map((f) =>
      Math.max(this.measure(f.label, FONT_BOLD, BODY_SIZE, labelWidth), this.measure(shown(f.value), FONT_REGULAR, BODY_SIZE, valueWidth)),
    );
    return rows.reduce((sum, h) => sum + h + 3, 3);
  }

  /** Label/value lines: the label in bold on the left, the value beside it (or below it when very long). */
  fields(list: Field[], indent = 0) {
    const { x, labelWidth, valueX, valueWidth } = this.fieldLayout(indent);
    if (indent === 0) this.need(this.lead({ kind: 'fields', fields: list }, 0));
    for (const f of list) {
      const value = shown(f.value);
      const colour = value === NOT_RECORDED ? GAP_INK : INK;
      const labelHeight = this.measure(f.label, FONT_BOLD, BODY_SIZE, labelWidth);
      const valueHeight = this.measure(value, FONT_REGULAR, BODY_SIZE, valueWidth);
      const height = Math.max(labelHeight, valueHeight);
      if (height > this.pageHeight * 0.6) {
        // A long text: the label on its own line, then the text running over pages at full width.
        this.need(labelHeight + 40);
        this.flow(f.label, x, this.width - indent, FONT_BOLD, BODY_SIZE);
        this.flow(value, x, this.width - indent, FONT_REGULAR, BODY_SIZE, colour);
      } else {
        this.need(height);
        const y = this.doc.y;
        this.box(f.label, x, y, labelWidth, labelHeight, FONT_BOLD, BODY_SIZE, INK);
        this.box(value, valueX, y, valueWidth, valueHeight, FONT_REGULAR, BODY_SIZE, colour);
        this.doc.x = this.left;
        this.doc.y = y + height;
      }
      this.doc.y += 3;
    }
    this.doc.y += 3;
  }

  table(b: Table) {
    if (b.rows.length === 0) {
      this.paragraph(emptyTableText(b));
      return;
    }
    if (this.isWide(b)) this.records(b);
    else this.grid(b);
  }

  private isWide(b: Table) {
    return b.columns.length > this.maxGridColumns;
  }

  /** A table as aligned rows with rules; the header row is repeated on each page the table runs onto. */
  private gridLayout(b: Table) {
    const pad = 3.5;
    const total = b.columns.reduce((sum, c) => sum + c.weight, 0);
    const widths = b.columns.map((c) => (c.weight / total) * this.width);
    // A row has one cell per column (rowCells), so every cell index has a width.
    const widthOf = (i: number) => widths[i]!;
    const cellHeight = (text: string, i: number, font: string) => this.measure(text, font, TABLE_SIZE, widthOf(i) - 2 * pad) + 2 * pad;
    const headerHeight = Math.max(...b.columns.map((c, i) => cellHeight(c.label, i, FONT_BOLD)));
    const rowHeight = (cells: string[]) => Math.max(...cells.map((cell, i) => cellHeight(cell, i, i === 0 ? FONT_BOLD : FONT_REGULAR)));
    const captionHeight = this.measure(b.caption, FONT_BOLD, BODY_SIZE, this.width) + 2;
    const tooTall = (height: number) => height + headerHeight + 30 > this.pageHeight;
    // Called for tables with rows only; an absent first row would be measured as a row of gaps.
    const first = rowHeight(rowCells(b, b.rows[0] ?? []));
    const lead = captionHeight + headerHeight + (tooTall(first) ? 40 : Math.min(first, this.pageHeight / 2));
    return { pad, widthOf, headerHeight, rowHeight, tooTall, lead };
  }

  private grid(b: Table) {
    const { pad, widthOf, headerHeight, rowHeight, tooTall, lead } = this.gridLayout(b);

    const caption = (text: string) => {
      this.flow(text, this.left, this.width, FONT_BOLD, BODY_SIZE);
      this.doc.y += 2;
    };
    const drawRow = (cells: string[], height: number, header: boolean) => {
      const y = this.doc.y;
      let x = this.left;
      cells.forEach((cell, i) => {
        const width = widthOf(i);
        if (header) this.doc.rect(x, y, width, height).fillColor('#e8eef4').fill();
        this.doc.rect(x, y, width, height).lineWidth(0.5).strokeColor(RULE).stroke();
        const colour = !header && cell === NOT_RECORDED ? GAP_INK : INK;
        this.box(cell, x + pad, y + pad, width - 2 * pad, height - 2 * pad, header || i === 0 ? FONT_BOLD : FONT_REGULAR, TABLE_SIZE, colour);
        x += width;
      });
      this.doc.x = this.left;
      this.doc.y = y + height;
    };

    this.need(lead);
    caption(b.caption);
    drawRow(
      b.columns.map((c) => c.label),
      headerHeight,
      true,
    );
    let headerShown = true;
    b.rows.forEach((row, r) => {
      const cells = rowCells(b, row);
      const height = rowHeight(cells);
      if (tooTall(height)) {
        // Too tall for any page as a row: shown as a record instead, which can run over pages.
        this.doc.y += 4;
        this.record(b, cells, r);
        this.doc.y += 4;
        headerShown = false;
        return;
      }
      if (this.doc.y + height > this.bottom) this.doc.addPage();
      if (this.doc.y <= this.top + 0.5 || !headerShown) {
        this.need(height + headerHeight + 20);
        caption(`${b.caption} (continued)`);
        drawRow(
          b.columns.map((c) => c.label),
          headerHeight,
          true,
        );
        headerShown = true;
      }
      drawRow(cells, height, false);
    });
    this.doc.y += 10;
  }

  /** A wide table as one block per row: the row's name in bold, then its other cells as label/value lines. */
  private records(b: Table) {
    this.need(this.recordsLead(b));
    this.flow(b.caption, this.left, this.width, FONT_BOLD, BODY_SIZE);
    this.doc.y += 4;
    b.rows.forEach((row, r) => this.record(b, rowCells(b, row), r));
    this.doc.y += 4;
  }

  private recordsLead(b: Table) {
    return this.measure(b.caption, FONT_BOLD, BODY_SIZE, this.width) + 4 + this.recordLayout(b, rowCells(b, b.rows[0] ?? []), 0).lead;
  }

  private recordLayout(b: Table, cells: string[], r: number) {
    // cells come from rowCells: one per column, a gap shown for an empty one.
    const title = `${b.columns[0]?.label ?? ''} ${r + 1}: ${cells[0] ?? NOT_RECORDED}`;
    const fields = b.columns.slice(1).map((c, i) => ({ label: c.label, value: cells[i + 1] ?? NOT_RECORDED }));
    // A record is kept on one page when it is short enough; a long one starts with its title and a few lines.
    const titleHeight = this.measure(title, FONT_BOLD, BODY_SIZE, this.width) + 7;
    const whole = titleHeight + this.fieldsHeight(fields, 12);
    return { title, fields, lead: whole <= this.pageHeight / 2 ? whole : titleHeight + 40 };
  }

  private record(b: Table, cells: string[], r: number) {
    const { title, fields, lead } = this.recordLayout(b, cells, r);
    this.need(lead);
    const y = this.doc.y;
    this.doc
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    this.doc.y = y + 4;
    this.flow(title, this.left, this.width, FONT_BOLD, BODY_SIZE);
    this.doc.y += 3;
    this.fields(fields, 12);
  }
}

function renderBlock(w: Writer, b: Block, outline: Outline, depth: number) {
  switch (b.kind) {
    case 'paragraph':
      return w.paragraph(b.text);
    case 'fields':
      return w.fields(b.fields);
    case 'table':
      return w.table(b);
    case 'group':
      return renderGroup(w, b, outline, depth);
  }
}

function renderGroup(w: Writer, g: Group, outline: Outline, depth: number) {
  w.heading(groupLevel(depth), g.title, g.blocks[0] ? w.lead(g.blocks[0], depth + 1) : 0);
  // Bookmarks go two levels deep (sections, then the groups directly in them): deeper ones only add clutter.
  const item = depth === 0 ? outline.addItem(g.title) : outline;
  for (const b of g.blocks) renderBlock(w, b, item, depth + 1);
}

/**
 * The same content, in the same order, as the HTML: A4 (landscape when the document asks), fonts embedded,
 * a bookmark per section and per group directly in it, and in each footer the document's title and subject
 * and "Page N of M". The pages are held until the end (for the page count) and the PDF is returned as one
 * Buffer; nothing is kept between calls.
 */
export function renderDocumentPdf(content: ReportDocument): Promise<Buffer> {
  const created = content.createdAt ? new Date(content.createdAt) : null;
  const doc: Doc = new PDFDocument({
    size: 'A4',
    layout: content.landscape ? 'landscape' : 'portrait',
    margins: MARGIN,
    bufferPages: true,
    font: FONT_REGULAR,
    lang: content.lang ?? DEFAULT_LANG,
    displayTitle: true,
    info: {
      Title: content.title,
      ...(content.author ? { Author: content.author } : {}),
      ...(content.description ? { Subject: content.description } : {}),
      Creator: 'SEN manager',
      ...(created === null || Number.isNaN(created.getTime()) ? {} : { CreationDate: created }),
    },
  });

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      const w = new Writer(doc, content.landscape ? MAX_GRID_COLUMNS.landscape : MAX_GRID_COLUMNS.portrait);
      w.heading(1, content.heading, 0);
      for (const p of content.intro) w.paragraph(p);
      for (const section of content.sections) {
        w.heading(2, section.title, section.blocks[0] ? w.lead(section.blocks[0], 0) : 0);
        const item = doc.outline.addItem(section.title);
        for (const b of section.blocks) renderBlock(w, b, item, 0);
      }
      footers(doc, identification(content));
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

function footers(doc: Doc, text: string) {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { margins } = doc.page;
    const bottom = margins.bottom;
    // Writing inside the bottom margin would otherwise make pdfkit start a new page.
    margins.bottom = 0;
    const width = doc.page.width - margins.left - margins.right;
    const y = doc.page.height - 38;
    doc.font(FONT_REGULAR).fontSize(8).fillColor('#444444');
    doc.text(text, margins.left, y, { width: width * 0.72, height: 12, ellipsis: true, lineBreak: false });
    doc.text(`Page ${i - start + 1} of ${count}`, margins.left, y, { width, align: 'right', lineBreak: false });
    margins.bottom = bottom;
  }
}

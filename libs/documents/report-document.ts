/**
 * A report as a renderer-neutral document: a heading, introductory paragraphs, then sections of
 * paragraphs, label/value lists, tables and titled groups, in reading order. The HTML, PDF and Markdown
 * renderers all walk this, so they show the same words in the same order. Every string in it is plain
 * text: each renderer escapes it for its own format.
 */

/** Shown wherever a document has no value, so a gap in the record is visible rather than hidden. */
export const NOT_RECORDED = 'Not recorded';

export interface Field {
  label: string;
  /** Blank (empty or only spaces) is shown as "Not recorded". Line breaks are kept. */
  value: string;
}

export interface Column {
  label: string;
  /** Relative width in a grid layout. */
  weight: number;
}

export interface Paragraph {
  kind: 'paragraph';
  text: string;
}

export interface FieldList {
  kind: 'fields';
  fields: Field[];
}

export interface Table {
  kind: 'table';
  /** Every table has one: the HTML caption, and the line above the table in the PDF and Markdown. */
  caption: string;
  columns: Column[];
  /** Each row has one cell per column; the first cell names the row. A blank or missing cell is shown as "Not recorded". */
  rows: string[][];
  /** Said instead of the table when there are no rows. */
  empty: string;
}

/**
 * A titled part of a section or of another group. Its heading level comes from where it is, so headings
 * never skip a level: a group directly in a section is an h3, a group inside that an h4, and so on (to h6).
 */
export interface Group {
  kind: 'group';
  /** Unique in the document: the HTML anchor. */
  id: string;
  title: string;
  blocks: Block[];
}

export type Block = Paragraph | FieldList | Table | Group;

/** A top-level part of the document: an h2, in the contents and as a PDF bookmark. */
export interface Section {
  /** Unique in the document: the HTML anchor. */
  id: string;
  title: string;
  blocks: Block[];
}

export interface ReportDocument {
  /** The HTML <title> and the PDF's Title; it starts every PDF page footer. */
  title: string;
  /** The one h1. */
  heading: string;
  /**
   * Who or what the document is about or from, e.g. a pupil's name and/or a school's name: joined after the
   * title in the HTML <title> and in every PDF page footer, so a printed page can be placed. May be empty.
   */
  subject: string[];
  /** Paragraphs between the h1 and the first section. */
  intro: string[];
  sections: Section[];
  /** The PDF's Author, e.g. the school. */
  author?: string;
  /** The PDF's Subject: one line on what the document is for. */
  description?: string;
  /** ISO timestamp when the content was gathered: the PDF's CreationDate. */
  createdAt?: string;
  /** A4 landscape pages in the PDF (and for printing the HTML), for wide tables. Portrait by default. */
  landscape?: boolean;
  /** BCP 47 language of the text. Default 'en-GB'. */
  lang?: string;
}

export const DEFAULT_LANG = 'en-GB';

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

/** The heading level of a group nested `depth` groups deep in a section (0: directly in the section). */
export function groupLevel(depth: number): HeadingLevel {
  return Math.min(3 + depth, 6) as HeadingLevel;
}

/** The text to show for a value: "Not recorded" when there is none. */
export function shown(value: string | null | undefined): string {
  return value == null || value.trim() === '' ? NOT_RECORDED : value;
}

/** A row's cells to show: exactly one per column, gaps marked. */
export function rowCells(table: Table, row: readonly string[]): string[] {
  return table.columns.map((_, i) => shown(row[i]));
}

/** The text said instead of a table with no rows. */
export const emptyTableText = (table: Table) => `${table.caption}: ${table.empty}`;

/** The document's identifying line: its title then its subject, e.g. for a PDF page footer. */
export const identification = (doc: ReportDocument) => [doc.title, ...doc.subject].join(', ');

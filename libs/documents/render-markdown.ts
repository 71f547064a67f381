import { groupLevel, rowCells, shown, type Block, type Field, type HeadingLevel, type ReportDocument, type Table } from './report-document.js';

/**
 * Escapes text so Markdown shows it as it is: no emphasis, links, code, HTML (so no script or image from
 * the data), strikethrough or table cells can come from it, and an entity such as `&amp;` stays as typed.
 */
function inline(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#]/g, '\\$&').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/** One line of running text: also kept from starting a list, a heading underline or a thematic break. */
function line(text: string): string {
  return inline(text.trim())
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * Text as Markdown paragraphs: a line break becomes a hard break, a blank line a new paragraph. Lines after
 * the first are indented by `indent` (to stay in a list item).
 */
function paragraphs(text: string, indent = ''): string {
  return text
    .split(/(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*/)
    .map((p) =>
      p
        .split(/\r\n|\r|\n/)
        .map(line)
        .filter((l) => l !== '')
        .join(`\\\n${indent}`),
    )
    .filter((p) => p !== '')
    .join(`\n\n${indent}`);
}

/** A table cell: on one line (line breaks as <br>), pipes escaped. */
function cell(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => inline(l.trim()))
    .filter((l) => l !== '')
    .join('<br>');
}

/** Text that must stay on one line (a heading, a label, a caption): its line breaks become spaces. */
const oneLine = (text: string) => inline(text.replace(/\s+/g, ' ').trim());

const heading = (level: HeadingLevel, text: string) => `${'#'.repeat(level)} ${oneLine(text)}`;

function fields(list: Field[]): string {
  return list.map((f) => `- **${oneLine(f.label)}:** ${paragraphs(shown(f.value), '  ')}`).join('\n');
}

function table(b: Table): string {
  if (b.rows.length === 0) return `**${oneLine(b.caption)}:** ${oneLine(b.empty)}`;
  const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [
    `**${oneLine(b.caption)}**`,
    '',
    row(b.columns.map((c) => c.label)),
    `|${b.columns.map(() => ' --- ').join('|')}|`,
    ...b.rows.map((r) => row(rowCells(b, r))),
  ].join('\n');
}

/** `depth`: how many groups deep the block is in its section. */
function block(b: Block, depth: number): string {
  switch (b.kind) {
    case 'paragraph':
      return paragraphs(b.text);
    case 'fields':
      return fields(b.fields);
    case 'table':
      return table(b);
    case 'group':
      return [heading(groupLevel(depth), b.title), ...b.blocks.map((c) => block(c, depth + 1))].filter((s) => s !== '').join('\n\n');
  }
}

/**
 * A document as GitHub-flavoured Markdown: `#` for the heading, `##` per section and `###` to `######` for
 * the groups; paragraphs; label/value lists; tables with a header row, the caption in bold above them, and
 * pipes and line breaks in cells escaped; "Not recorded" for every gap. Every string is escaped, so nothing
 * in the data becomes markup or HTML.
 */
export function renderDocumentMarkdown(doc: ReportDocument): string {
  const parts = [
    heading(1, doc.heading),
    ...doc.intro.map((p) => paragraphs(p)),
    ...doc.sections.flatMap((s) => [heading(2, s.title), ...s.blocks.map((b) => block(b, 0))]),
  ];
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

import { DEFAULT_LANG, NOT_RECORDED, groupLevel, rowCells, shown, type Block, type Field, type ReportDocument, type Section } from './report-document.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Escaped text, its line breaks kept, and a gap marked so it stands out. */
function show(value: string): string {
  if (value === NOT_RECORDED) return `<span class="gap">${NOT_RECORDED}</span>`;
  return value
    .split(/\r\n|\r|\n/)
    .map(escapeHtml)
    .join('<br>\n');
}

/** Readable without it: the styles only space things out, draw table rules and keep print pages tidy. */
const STYLE = `
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; line-height: 1.45; color: #111; margin: 0 auto; max-width: 60rem; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.7rem; margin: 0.5rem 0; }
h2 { font-size: 1.35rem; margin-top: 2.5rem; padding-bottom: 0.2rem; border-bottom: 2px solid #0b3d6b; color: #0b3d6b; }
h3 { font-size: 1.15rem; margin-top: 2rem; }
h4 { font-size: 1rem; margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0 1.25rem; font-size: 0.92rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #888; padding: 0.3rem 0.45rem; text-align: left; vertical-align: top; }
thead th { background: #e8eef4; }
dl.fields { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: 0.3rem 1rem; margin: 0.75rem 0; }
dl.fields div { display: contents; }
dt { font-weight: bold; }
dd { margin: 0; }
.gap { color: #9a3412; font-style: italic; }
nav ul { padding-left: 1.25rem; list-style: none; }
nav li { margin: 0.4rem 0; } /* WCAG 2.5.8: links of the contents list at least 24px apart */
/* WCAG 1.4.10: at 320px wide nothing scrolls sideways; label/value lists stack and long words in tables wrap. */
@media (max-width: 40rem) { body { padding: 0.75rem; } dl.fields { grid-template-columns: 1fr; } dd { margin-bottom: 0.4rem; } th, td { overflow-wrap: anywhere; padding: 0.25rem; } }
@media print { body { max-width: none; } h2, h3, h4 { break-after: avoid; } tr { break-inside: avoid; } }
`;

/** For documents of wide tables: more room on screen, landscape pages when printed. */
const LANDSCAPE_STYLE = `body { max-width: 90rem; }
@page { size: A4 landscape; }
`;

function fields(list: Field[]): string {
  const rows = list.map((f) => `<div><dt>${escapeHtml(f.label)}</dt><dd>${show(shown(f.value))}</dd></div>`);
  return `<dl class="fields">\n${rows.join('\n')}\n</dl>`;
}

/** `depth`: how many groups deep the block is in its section. */
function block(b: Block, depth: number): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${show(b.text)}</p>`;
    case 'fields':
      return fields(b.fields);
    case 'table': {
      if (b.rows.length === 0) return `<p><strong>${escapeHtml(b.caption)}:</strong> ${escapeHtml(b.empty)}</p>`;
      const head = b.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
      const body = b.rows.map(
        (row) =>
          `<tr>${rowCells(b, row)
            .map((cell, i) => (i === 0 ? `<th scope="row">${show(cell)}</th>` : `<td>${show(cell)}</td>`))
            .join('')}</tr>`,
      );
      return `<table>\n<caption>${escapeHtml(b.caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
    }
    case 'group': {
      const id = escapeHtml(b.id);
      const h = `h${groupLevel(depth)}`;
      return `<section aria-labelledby="${id}">\n<${h} id="${id}">${escapeHtml(b.title)}</${h}>\n${b.blocks.map((c) => block(c, depth + 1)).join('\n')}\n</section>`;
    }
  }
}

function section(s: Section): string {
  const id = escapeHtml(s.id);
  return `<section aria-labelledby="${id}">\n<h2 id="${id}">${escapeHtml(s.title)}</h2>\n${s.blocks.map((b) => block(b, 0)).join('\n')}\n</section>`;
}

/**
 * A document as one standalone HTML5 page (no scripts, no external files): one h1, a contents list, an h2
 * per section and h3 to h6 for the groups in it, real tables with captions and header scopes, "Not recorded"
 * marked. Every string from the document is escaped.
 */
export function renderDocumentHtml(doc: ReportDocument): string {
  const contents = doc.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('\n');
  const title = doc.subject.length > 0 ? `${doc.title} (${doc.subject.join(', ')})` : doc.title;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(doc.lang ?? DEFAULT_LANG)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}${doc.landscape ? LANDSCAPE_STYLE : ''}</style>
</head>
<body>
<header>
<h1>${escapeHtml(doc.heading)}</h1>
${doc.intro.map((p) => `<p>${show(p)}</p>`).join('\n')}
</header>
<nav aria-label="Contents">
<ul>
${contents}
</ul>
</nav>
<main>
${doc.sections.map(section).join('\n')}
</main>
</body>
</html>
`;
}

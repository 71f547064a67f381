export {
  NOT_RECORDED,
  type Block,
  type Column,
  type Field,
  type FieldList,
  type Group,
  type Paragraph,
  type ReportDocument,
  type Section,
  type Table,
} from './report-document.js';
export { formatDate, formatTimestamp } from './format.js';
export { escapeHtml, renderDocumentHtml } from './render-html.js';
export { renderDocumentPdf } from './render-pdf.js';
export { renderDocumentMarkdown } from './render-markdown.js';

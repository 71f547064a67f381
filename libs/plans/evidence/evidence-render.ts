import { renderDocumentHtml, renderDocumentPdf } from '#libs/documents';
import { buildEvidenceDocument } from './evidence-document.js';
import type { EvidencePack } from './evidence-pack.types.js';

/** The evidence pack as one standalone, accessible HTML5 page (see `renderDocumentHtml`). */
export const renderEvidenceHtml = (pack: EvidencePack): string => renderDocumentHtml(buildEvidenceDocument(pack));

/** The evidence pack as an A4 PDF with the same content, in the same order, as the HTML (see `renderDocumentPdf`). */
export const renderEvidencePdf = (pack: EvidencePack): Promise<Buffer> => renderDocumentPdf(buildEvidenceDocument(pack));

import { QueryEnum } from '../../http/query.js';

export const EVIDENCE_FORMATS = ['json', 'html', 'pdf'] as const;

/** The evidence pack download: JSON unless asked otherwise. */
export class EvidencePackQuery {
  @QueryEnum(EVIDENCE_FORMATS, { default: 'json' })
  format?: (typeof EVIDENCE_FORMATS)[number];
}

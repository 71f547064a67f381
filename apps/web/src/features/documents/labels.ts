import type { Schemas } from '../../api/client';

/** A scan status in words a SENCO or parent understands. */
export const STATUS: Record<string, { label: string; tone: 'green' | 'grey' | 'red' | 'yellow' }> = {
  pending: { label: 'Being checked for viruses', tone: 'yellow' },
  clean: { label: 'Ready', tone: 'green' },
  infected: { label: 'Blocked: a virus was found', tone: 'red' },
  scan_failed: { label: 'Blocked: it could not be checked', tone: 'red' },
};

export const UPLOADED_BY: Record<string, string> = { staff: 'School', parent: 'Parent', professional: 'Professional' };

export const CONTEXT: Record<string, string> = {
  professional_report: 'Professional report',
  plan_cycle: 'Support plan',
  plan_review: 'Plan review',
  ehc_request: 'EHC needs assessment request',
  annual_review: 'EHC plan annual review',
};

export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The kinds of file the school keeps, in words, from the media types the API accepts. */
export function kindsLabel(limits: Schemas['DocumentLimitsDto']): string {
  const words: Record<string, string> = {
    'application/pdf': 'PDF',
    'image/png': 'PNG',
    'image/jpeg': 'JPEG',
    'image/gif': 'GIF',
    'image/webp': 'WebP',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
    'application/vnd.oasis.opendocument.text': 'OpenDocument text',
    'text/plain': 'plain text',
  };
  return limits.mediaTypes.map((t) => words[t] ?? t).join(', ');
}

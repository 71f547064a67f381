/**
 * Uploaded documents (docs/security.md, Documents): the size limit the API enforces while streaming, and where
 * the worker finds clamd. Kept beside config.schema.ts, which lists these variables with the rest.
 */
type Apps = ('api' | 'worker' | 'migrate')[];

const int = (min: number, max: number) => (v: string) =>
  /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? null : `must be a whole number from ${min} to ${max}`;

/** clamd's address as ClamdScanner reads it (libs/files/clamd-scanner.ts, parseClamdUrl). */
const clamdUrl = (v: string) =>
  /^(unix:\/\/\/|\/)\S+$/.test(v) || /^tcp:\/\/[^\s:/]+:\d{1,5}$/.test(v) ? null : 'must be tcp://host:port or a unix socket path';

export const documentVariables = [
  // Debian's clamav-daemon listens here; the test harness and `npm start` pass their own (scripts/clamd.mjs).
  { name: 'CLAMD_URL', apps: ['worker'] as Apps, devDefault: 'unix:///run/clamav/clamd.ctl', validate: clamdUrl },
  // 20 MiB: a scanned report or a phone photo; clamd's StreamMaxLength must be larger (scripts/clamd.mjs: 64M).
  { name: 'DOCUMENT_MAX_BYTES', apps: ['api'] as Apps, devDefault: String(20 * 1024 * 1024), validate: int(1024, 60 * 1024 * 1024) },
  { name: 'CLAMD_TIMEOUT_MS', apps: ['worker'] as Apps, devDefault: '60000', validate: int(1000, 600_000) },
];

export interface DocumentsConfig {
  clamdUrl: string;
  maxBytes: number;
  scanTimeoutMs: number;
}

export function documentsConfig(v: (name: string) => string): DocumentsConfig {
  return {
    clamdUrl: v('CLAMD_URL') || 'unix:///run/clamav/clamd.ctl',
    maxBytes: Number(v('DOCUMENT_MAX_BYTES') || 20 * 1024 * 1024),
    scanTimeoutMs: Number(v('CLAMD_TIMEOUT_MS') || 60_000),
  };
}

import type { Readable } from 'node:stream';

/** A scanner's answer. `signature` names what was found, e.g. "Eicar-Test-Signature". */
export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/**
 * The scanner could not give an answer (daemon down, timeout, protocol error). The file stays pending and the
 * worker retries; nothing is ever served unscanned.
 */
export class ScannerUnavailableError extends Error {}

export interface VirusScanner {
  scan(body: Readable): Promise<ScanVerdict>;
}

/** Nest injection token for the configured VirusScanner (ClamAV's clamd over INSTREAM). */
export const VIRUS_SCANNER = Symbol('VIRUS_SCANNER');

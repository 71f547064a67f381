import { connect } from 'node:net';
import type { Duplex, Readable } from 'node:stream';
import { ScannerUnavailableError, type ScanVerdict, type VirusScanner } from './virus-scanner.js';

/** Where clamd listens: CLAMD_URL is tcp://host:port or a unix socket path (unix:///path or /path). */
export type ClamdAddress = { host: string; port: number } | { path: string };

export function parseClamdUrl(url: string): ClamdAddress {
  if (url.startsWith('/')) return { path: url };
  const parsed = new URL(url);
  if (parsed.protocol === 'unix:') return { path: parsed.pathname };
  if (parsed.protocol === 'tcp:' && parsed.hostname && parsed.port) return { host: parsed.hostname, port: Number(parsed.port) };
  throw new Error('CLAMD_URL must be tcp://host:port or a unix socket path');
}

/** clamd's default StreamMaxLength chunking is per message; 64 KiB keeps each message well under any limit. */
const MAX_CHUNK = 64 * 1024;

export interface ClamdScannerOptions {
  address: ClamdAddress;
  /** Whole-scan deadline: a hung daemon must not hold a worker slot forever. */
  timeoutMs: number;
  /** For tests: the connection to talk INSTREAM over. */
  connectTo?: (address: ClamdAddress) => Duplex;
}

/** Parses clamd's reply to INSTREAM. Anything unexpected is "no answer", never "clean". */
export function verdictOf(reply: string): ScanVerdict {
  const line = reply.replace(/\0+$/, '').trim();
  if (line === 'stream: OK') return { clean: true };
  const found = /^stream: (\S[^\0\n]*) FOUND$/.exec(line);
  if (found?.[1]) return { clean: false, signature: found[1] };
  throw new ScannerUnavailableError('clamd gave an unexpected answer');
}

/** A message of the INSTREAM protocol: 4-byte big-endian length, then the bytes (length 0 ends the stream). */
export function instreamFrame(chunk: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(chunk.length, 0);
  return Buffer.concat([length, chunk]);
}

const defaultConnect = (address: ClamdAddress): Duplex => ('path' in address ? connect(address.path) : connect(address.port, address.host));

/**
 * ClamAV's clamd over its socket (zINSTREAM). The body streams through in small frames, so a large file is never
 * held in memory; the daemon being down, slow or incoherent is a ScannerUnavailableError and the caller retries.
 */
export class ClamdScanner implements VirusScanner {
  constructor(private readonly options: ClamdScannerOptions) {}

  async scan(body: Readable): Promise<ScanVerdict> {
    const socket = (this.options.connectTo ?? defaultConnect)(this.options.address);
    const reply = collectReply(socket, this.options.timeoutMs);
    // Observed now so a daemon that fails mid-upload is not an unhandled rejection; awaited below.
    reply.catch(() => undefined);
    try {
      await write(socket, Buffer.from('zINSTREAM\0'));
      for await (const data of body as AsyncIterable<Buffer | string>) {
        const chunk = typeof data === 'string' ? Buffer.from(data) : data;
        for (let at = 0; at < chunk.length; at += MAX_CHUNK) await write(socket, instreamFrame(chunk.subarray(at, at + MAX_CHUNK)));
      }
      await write(socket, instreamFrame(Buffer.alloc(0)));
    } catch (error) {
      socket.destroy();
      // write() turns any socket failure into ScannerUnavailableError; anything else came from reading the body.
      throw error;
    }
    return verdictOf(await reply);
  }
}

function write(socket: Duplex, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(data, (error) => (error ? reject(new ScannerUnavailableError('clamd is unavailable')) : resolve()));
  });
}

/** clamd answers one NUL-terminated line (z-prefixed command) and may close the connection. */
function collectReply(socket: Duplex, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      outcome();
    };
    const timer = setTimeout(() => finish(() => reject(new ScannerUnavailableError('clamd did not answer in time'))), timeoutMs);
    socket.on('data', (data: Buffer) => {
      parts.push(data);
      const text = Buffer.concat(parts).toString('utf8');
      if (text.includes('\0')) finish(() => resolve(text));
    });
    socket.on('end', () => finish(() => resolve(Buffer.concat(parts).toString('utf8'))));
    socket.on('error', () => finish(() => reject(new ScannerUnavailableError('clamd is unavailable'))));
  });
}

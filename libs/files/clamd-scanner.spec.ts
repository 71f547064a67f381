import { Duplex, Readable } from 'node:stream';
import { ClamdScanner, instreamFrame, parseClamdUrl, verdictOf } from './clamd-scanner.js';
import { ScannerUnavailableError } from './virus-scanner.js';

/** A stand-in clamd: records what the scanner sends and answers `reply` once the zero-length terminator arrives. */
function fakeClamd(reply: string | null, options: { failOnWrite?: boolean } = {}) {
  const received: Buffer[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      if (options.failOnWrite) return callback(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      received.push(chunk);
      const all = Buffer.concat(received);
      if (reply !== null && all.length >= 4 && all.subarray(-4).equals(Buffer.alloc(4))) socket.push(reply);
      callback();
    },
  });
  return { socket, received: () => Buffer.concat(received) };
}

const scannerOver = (socket: Duplex, timeoutMs = 2000) => new ClamdScanner({ address: { host: 'clamd', port: 3310 }, timeoutMs, connectTo: () => socket });

describe('the clamd INSTREAM client', () => {
  it('sends zINSTREAM, big-endian length-prefixed chunks and a zero-length terminator', async () => {
    const clamd = fakeClamd('stream: OK\0');
    const verdict = await scannerOver(clamd.socket).scan(Readable.from([Buffer.from('hello '), Buffer.from('world')]));
    expect(verdict).toEqual({ clean: true });
    const expected = Buffer.concat([
      Buffer.from('zINSTREAM\0'),
      Buffer.from([0, 0, 0, 6]),
      Buffer.from('hello '),
      Buffer.from([0, 0, 0, 5]),
      Buffer.from('world'),
      Buffer.from([0, 0, 0, 0]),
    ]);
    expect(clamd.received()).toEqual(expected);
  });

  it('splits a large chunk into frames of at most 64 KiB', async () => {
    const clamd = fakeClamd('stream: OK\0');
    await scannerOver(clamd.socket).scan(Readable.from([Buffer.alloc(150 * 1024, 1)]));
    const sent = clamd.received().subarray('zINSTREAM\0'.length);
    const lengths: number[] = [];
    for (let at = 0; at < sent.length;) {
      const length = sent.readUInt32BE(at);
      lengths.push(length);
      at += 4 + length;
    }
    expect(lengths).toEqual([65536, 65536, 22528, 0]);
  });

  it('reports the signature clamd found', async () => {
    const clamd = fakeClamd('stream: Eicar-Test-Signature FOUND\0');
    await expect(scannerOver(clamd.socket).scan(Readable.from([Buffer.from('X5O!')]))).resolves.toEqual({ clean: false, signature: 'Eicar-Test-Signature' });
  });

  it('treats a garbled answer, a refused connection and silence as "scanner unavailable", never as clean', async () => {
    await expect(scannerOver(fakeClamd('PONG\0').socket).scan(Readable.from([Buffer.from('a')]))).rejects.toBeInstanceOf(ScannerUnavailableError);
    await expect(scannerOver(fakeClamd('', { failOnWrite: true }).socket).scan(Readable.from([Buffer.from('a')]))).rejects.toBeInstanceOf(
      ScannerUnavailableError,
    );
    await expect(scannerOver(fakeClamd(null).socket, 50).scan(Readable.from([Buffer.from('a')]))).rejects.toBeInstanceOf(ScannerUnavailableError);
  });

  it('parses replies and frames strictly', () => {
    expect(verdictOf('stream: OK')).toEqual({ clean: true });
    expect(() => verdictOf('INSTREAM size limit exceeded. ERROR\0')).toThrow(ScannerUnavailableError);
    expect(() => verdictOf('stream:  FOUND')).toThrow(ScannerUnavailableError);
    expect(instreamFrame(Buffer.from('ab'))).toEqual(Buffer.from([0, 0, 0, 2, 97, 98]));
  });

  it('reads CLAMD_URL as tcp://host:port or a unix socket path', () => {
    expect(parseClamdUrl('tcp://127.0.0.1:3310')).toEqual({ host: '127.0.0.1', port: 3310 });
    expect(parseClamdUrl('unix:///run/clamd.sock')).toEqual({ path: '/run/clamd.sock' });
    expect(parseClamdUrl('/run/clamd.sock')).toEqual({ path: '/run/clamd.sock' });
    expect(() => parseClamdUrl('http://clamd')).toThrow('CLAMD_URL');
  });
});

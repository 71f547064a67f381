import { Readable } from 'node:stream';
import { ClamdScanner, parseClamdUrl } from '#libs/files';

// The clamd the harness starts (scripts/clamd.mjs) loads only docker/clamav/local.ndb: these prove that set is
// enough for the tests, including EICAR hidden inside another file, and that the client speaks to a real daemon.
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');
const scanner = () => new ClamdScanner({ address: parseClamdUrl(process.env.CLAMD_URL ?? ''), timeoutMs: 10_000 });

describe('clamd with the repo-shipped signatures', () => {
  it('passes a clean PDF', async () => {
    await expect(scanner().scan(Readable.from([Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n')]))).resolves.toEqual({ clean: true });
  });

  it('finds EICAR on its own and inside a PDF, split across frames', async () => {
    await expect(scanner().scan(Readable.from([Buffer.from(EICAR)]))).resolves.toEqual({ clean: false, signature: 'Eicar-Test-Signature.UNOFFICIAL' });
    const pdf = Buffer.from(`%PDF-1.4\n${'%padding\n'.repeat(20_000)}${EICAR}\n%%EOF\n`);
    const verdict = await scanner().scan(Readable.from([pdf.subarray(0, 180_000), pdf.subarray(180_000)]));
    expect(verdict).toEqual({ clean: false, signature: 'Eicar-Test-Signature.UNOFFICIAL' });
  });

  it('answers "unavailable" when nothing listens at the address', async () => {
    const nowhere = new ClamdScanner({ address: { path: '/nonexistent/clamd.sock' }, timeoutMs: 2000 });
    await expect(nowhere.scan(Readable.from([Buffer.from('a')]))).rejects.toThrow('clamd is unavailable');
  });
});

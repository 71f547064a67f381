import { cleanFilename, contentDisposition, sniffMediaType } from './document-files.js';

describe('document names and types', () => {
  it('keeps only the last path part, without control, bidi or zero-width characters', () => {
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('C:\\Users\\x\\report.pdf')).toBe('report.pdf');
    expect(cleanFilename('a\r\nb\u0000c\u202Ed\u200Be.pdf')).toBe('abcde.pdf');
    expect(cleanFilename('...hidden')).toBe('hidden');
    expect(cleanFilename('dir/')).toBeNull();
    expect(cleanFilename('\u202E')).toBeNull();
  });

  it('writes Content-Disposition with an ASCII fallback and the UTF-8 name encoded', () => {
    expect(contentDisposition('Zoë\'s "plan"; v2.pdf')).toBe(
      `attachment; filename="Zo__s _plan__ v2.pdf"; filename*=UTF-8''Zo%C3%AB%27s%20%22plan%22%3B%20v2.pdf`,
    );
    expect(contentDisposition('日本.pdf')).toMatch(/^attachment; filename="__.pdf"; filename\*=UTF-8''%E6%97%A5/);
  });

  it('sniffs from the content: PDF by magic number, UTF-8 text as text, binary as unknown', async () => {
    expect(await sniffMediaType(Buffer.from('%PDF-1.7\n%%EOF'))).toBe('application/pdf');
    expect(await sniffMediaType(Buffer.from('Dear Ms Nowak,\nthe assessment…\n'))).toBe('text/plain');
    expect(await sniffMediaType(Buffer.from([0x00, 0x01, 0xff]))).toBeNull();
    expect(await sniffMediaType(Buffer.alloc(0))).toBeNull();
  });
});

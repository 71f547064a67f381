import { upnCheckLetter, validateUpn } from './upn.js';

describe('validateUpn', () => {
  it('accepts the DfE test vector and normalises case and spaces', () => {
    expect(validateUpn('B801200005001')).toEqual({ ok: true, upn: 'B801200005001', temporary: false });
    expect(validateUpn('  b801200005001 ')).toEqual({ ok: true, upn: 'B801200005001', temporary: false });
  });

  it('names the right check letter for the DfE wrong-letter vector', () => {
    expect(validateUpn('A801200005001')).toEqual({
      ok: false,
      message: 'UPN check letter should be B, not A — check for a typing error',
    });
  });

  it('accepts a temporary UPN whose last character is a letter', () => {
    // 8·2 + 1·4 + 2·5 + 5·10 + A(0)·13 = 80; 80 mod 23 = 11 → M
    expect(upnCheckLetter('80120000500A')).toBe('M');
    expect(validateUpn('M80120000500A')).toEqual({ ok: true, upn: 'M80120000500A', temporary: true });
    // Z is index 22: 80 + 22·13 = 366; 366 mod 23 = 21 → Y
    expect(validateUpn('y80120000500z')).toEqual({ ok: true, upn: 'Y80120000500Z', temporary: true });
  });

  it('explains each kind of malformed UPN without repeating it', () => {
    expect(validateUpn('')).toEqual({ ok: false, message: 'UPN is blank' });
    expect(validateUpn('B80120000500')).toEqual({ ok: false, message: 'UPN must be 13 characters (got 12)' });
    expect(validateUpn('1801200005001')).toMatchObject({ message: 'UPN must start with a check letter (A to Z, but not I, O or S)' });
    expect(validateUpn('I801200005001')).toMatchObject({ ok: false });
    expect(validateUpn('B8012X0005001')).toEqual({ ok: false, message: 'UPN character 6 must be a digit' });
    expect(validateUpn('B80120000500O')).toEqual({
      ok: false,
      message: 'UPN character 13 must be a digit, or for a temporary UPN a letter other than I, O or S',
    });
    for (const bad of ['B801200005001X', 'A801200005001', 'B80120000500O']) {
      const result = validateUpn(bad);
      expect(result.ok || result.message.includes(bad)).toBe(false);
    }
  });
});

describe('upnCheckLetter', () => {
  it('computes the DfE vector and refuses a malformed body', () => {
    expect(upnCheckLetter('801200005001')).toBe('B');
    expect(() => upnCheckLetter('80120000500I')).toThrow(RangeError);
    expect(() => upnCheckLetter('8012000050')).toThrow(RangeError);
  });
});

/**
 * Unique pupil numbers. Format and check letter as the DfE specifies them (see docs/domain.md,
 * "Identifiers"): 13 characters — check letter; LA number (2–4); establishment (5–8); year of issue
 * (9–10); serial (11–13). A temporary UPN ends in a letter instead of the last serial digit.
 */

/** "over the alphabet ABCDEFGHJKLMNPQRTUVWXYZ (no I, O, S)" — DfE UPN check letter rule. */
const ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';

export type UpnResult = { ok: true; upn: string; temporary: boolean } | { ok: false; message: string };

const isDigit = (c: string) => c >= '0' && c <= '9';

/**
 * The check letter for the 12 characters after it: digits at face value, a letter (only in the last
 * place, temporary UPNs) its index in the alphabet; weights 2..13; sum mod 23 indexes the alphabet.
 */
export function upnCheckLetter(body12: string): string {
  const body = body12.toUpperCase();
  if (!/^[0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/.test(body)) {
    throw new RangeError('a UPN body is 11 digits followed by a digit or a letter other than I, O or S');
  }
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const c = body[i]!;
    sum += (isDigit(c) ? Number(c) : ALPHABET.indexOf(c)) * (i + 2);
  }
  return ALPHABET[sum % 23]!;
}

/**
 * Messages name positions and expected characters only: they never echo the UPN, so they are safe to log
 * and to show next to other pupils' rows.
 */
export function validateUpn(raw: string): UpnResult {
  const upn = raw.trim().toUpperCase();
  if (upn === '') return { ok: false, message: 'UPN is blank' };
  if (upn.length !== 13) return { ok: false, message: `UPN must be 13 characters (got ${upn.length})` };

  const first = upn[0]!;
  if (!ALPHABET.includes(first)) {
    return { ok: false, message: 'UPN must start with a check letter (A to Z, but not I, O or S)' };
  }
  for (let i = 1; i < 12; i++) {
    if (!isDigit(upn[i]!)) return { ok: false, message: `UPN character ${i + 1} must be a digit` };
  }
  const last = upn[12]!;
  const temporary = !isDigit(last);
  if (temporary && !ALPHABET.includes(last)) {
    return {
      ok: false,
      message: 'UPN character 13 must be a digit, or for a temporary UPN a letter other than I, O or S',
    };
  }
  const expected = upnCheckLetter(upn.slice(1));
  if (expected !== first) {
    return { ok: false, message: `UPN check letter should be ${expected}, not ${first} — check for a typing error` };
  }
  return { ok: true, upn, temporary };
}

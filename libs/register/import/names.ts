/** Where the surname sits in a single full-name column with no comma: "Jane Smith" (last) or "SMITH Jane" (first). */
export type SurnamePosition = 'first' | 'last';

export type SplitName = { ok: true; firstName: string; lastName: string } | { ok: false; message: string };

/** Titles an MIS puts before a contact's name ("Mrs J Smith"); they are neither forename nor surname. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev', 'sir', 'dame', 'lady', 'lord']);
/** Lower-case particles that belong to the surname after them ("Anna van der Berg" → "van der Berg"). */
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du', 'la', 'le', 'ter', 'ten', 'bin', 'binti', 'al', 'el']);

/**
 * Splits one full-name cell into forename(s) and surname. "Smith, Jane" is always surname first (the comma
 * says so); otherwise the surname is the last word (with any particles before it) or, when the mapping says
 * so, the first word. A single word cannot be split: inventing the missing half is how a letter ends up
 * greeting "Dear Parent 12 Parent 12", so it is refused instead.
 */
export function splitFullName(raw: string, surname: SurnamePosition = 'last'): SplitName {
  const value = raw.replace(/\s+/g, ' ').trim();
  const comma = value.indexOf(',');
  if (comma >= 0) {
    const lastName = value.slice(0, comma).trim();
    const firstName = stripTitles(
      value
        .slice(comma + 1)
        .trim()
        .split(' '),
    ).join(' ');
    if (lastName && firstName) return { ok: true, firstName, lastName };
    return { ok: false, message: 'needs a surname before the comma and a forename after it, as in "Smith, Jane"' };
  }
  const words = stripTitles(value.split(' ').filter(Boolean));
  if (words.length < 2) return { ok: false, message: 'holds one name only; a forename and a surname are both needed' };
  if (surname === 'first') return { ok: true, lastName: words[0]!, firstName: words.slice(1).join(' ') };
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!)) start -= 1;
  return { ok: true, firstName: words.slice(0, start).join(' '), lastName: words.slice(start).join(' ') };
}

function stripTitles(words: string[]): string[] {
  let i = 0;
  while (i < words.length - 1 && TITLES.has(words[i]!.toLowerCase().replace(/\.$/, ''))) i += 1;
  return words.slice(i);
}

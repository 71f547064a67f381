/**
 * What a log line may never carry, whatever a log call passes by mistake. Log lines hold identifiers, codes
 * and counts only (docs/security.md, *Logs*); this is the second line of defence, applied to every line of the
 * API's and the worker's logger before it is written.
 *
 * A key is redacted, at any depth of the logged object, when its name (compared without case) ends with one
 * of `REDACTED_KEY_ENDINGS` (`legalFirstName`, `newEmail`, `refreshToken`, `currentPassword`…) or is one of
 * `REDACTED_KEYS`. Its value becomes `[redacted]`, whatever it was.
 */
export const REDACTED_KEY_ENDINGS: readonly string[] = ['name', 'email', 'token', 'password', 'secret'];
export const REDACTED_KEYS: readonly string[] = [
  'authorization',
  'cookie',
  'set-cookie',
  'body',
  'dateOfBirth',
  'dob',
  'upn',
  'passport',
  'phone',
  'address',
  'postcode',
  'note',
  'notes',
  'comment',
  'text',
  'views',
  // What a database error or a failed query carries: a row's values ("Key (upn)=(…) already exists"), a
  // statement's parameters.
  'detail',
  'parameters',
  'values',
];
export const CENSOR = '[redacted]';
/** Deeper than this, an object is replaced whole: no log call of ours nests so far, and nothing unread is let through. */
export const MAX_DEPTH = 6;

const exact = new Set(REDACTED_KEYS.map((k) => k.toLowerCase()));
const redacted = (key: string) => {
  const lower = key.toLowerCase();
  return exact.has(lower) || REDACTED_KEY_ENDINGS.some((ending) => lower.endsWith(ending));
};

/**
 * `line` with the value of every redacted key replaced by `[redacted]`, at any depth, arrays included. What
 * holds nothing to redact is returned as it is (the same object), so a line with nothing to hide allocates
 * nothing here. A copy keeps what JSON would have written: own enumerable keys, an error's type, message and
 * stack, the result of `toJSON`. Binary data (Buffers, typed arrays) is never written: it is replaced whole.
 */
export function redactLogObject<T extends object>(line: T): T {
  return censor(line, 0, []) as T;
}

function censor(value: unknown, depth: number, path: object[]): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return CENSOR;
  if (path.includes(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return CENSOR;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const json: unknown = toJSON.call(value);
    if (json !== value) return censor(json, depth, path);
  }
  path.push(value);
  try {
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      value.forEach((item: unknown, i) => {
        const kept = censor(item, depth + 1, path);
        if (kept !== item) (out ??= value.slice())[i] = kept;
      });
      return out ?? value;
    }
    const record = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      const item = record[key];
      const kept = item !== undefined && redacted(key) ? CENSOR : censor(item, depth + 1, path);
      if (kept !== item) (out ??= copyOf(record))[key] = kept;
    }
    return out ?? value;
  } finally {
    path.pop();
  }
}

function copyOf(record: Record<string, unknown>): Record<string, unknown> {
  return record instanceof Error ? Object.assign({ type: record.name, message: record.message, stack: record.stack }, record) : { ...record };
}

import { Writable } from 'node:stream';
import { createLogger } from './logger.js';
import { CENSOR, MAX_DEPTH, REDACTED_KEYS, REDACTED_KEY_ENDINGS, redactLogObject } from './redact.js';

/** Every line a logger writes, parsed. */
function capture() {
  const lines: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('info', out), lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('redactLogObject', () => {
  it('censors every listed key and every key ending in a listed ending, whatever its case', () => {
    const keys = [...REDACTED_KEYS, ...REDACTED_KEY_ENDINGS.flatMap((e) => [e, `legalFirst${e}`, `NEW_${e.toUpperCase()}`])];
    const line = Object.fromEntries(keys.map((k, i) => [k, `secret-${i}`]));
    const out = redactLogObject(line);
    expect(Object.keys(out)).toEqual(keys);
    expect(Object.values(out).every((v) => v === CENSOR)).toBe(true);
    expect(JSON.stringify(out)).not.toMatch(/secret-/);
  });

  it('finds them at any depth, in arrays, under errors and behind toJSON, and leaves everything else as it was', () => {
    const error = Object.assign(new Error('lookup failed'), {
      code: 'E1',
      context: { email: 'jo@example.org' },
      detail: 'Key (upn)=(A123456789012) already exists.',
      parameters: ['Amara'],
    });
    const line = {
      route: '/v1/pupils/:id',
      status: 500,
      pupils: [{ id: 'p1', legalFirstName: 'Amara', contacts: [{ phone: '07700 900123', id: 'c1' }] }],
      err: error,
      viaJson: { toJSON: () => ({ preferredLastName: 'Okafor', yearGroup: 7 }) },
      at: new Date('2026-12-06T10:00:00Z'),
    };
    const out = redactLogObject(line);
    const json = JSON.stringify(out);
    for (const personal of ['Amara', '07700', 'jo@example.org', 'Okafor', 'A123456789012']) expect(json).not.toContain(personal);
    expect(JSON.parse(json)).toEqual({
      route: '/v1/pupils/:id',
      status: 500,
      pupils: [{ id: 'p1', legalFirstName: CENSOR, contacts: [{ phone: CENSOR, id: 'c1' }] }],
      err: { type: 'Error', message: 'lookup failed', stack: error.stack, code: 'E1', context: { email: CENSOR }, detail: CENSOR, parameters: CENSOR },
      viaJson: { preferredLastName: CENSOR, yearGroup: 7 },
      at: '2026-12-06T10:00:00.000Z',
    });
    // What it was given is not changed: the caller may still be using it.
    expect(line.pupils[0]?.legalFirstName).toBe('Amara');
    expect(error.context.email).toBe('jo@example.org');
  });

  it('returns a line with nothing to hide as the same object, without copying it', () => {
    const line = { method: 'GET', route: '/v1/schools/:schoolId/register', status: 200, ms: 4, nested: { ids: ['a', 'b'] } };
    expect(redactLogObject(line)).toBe(line);
  });

  it('replaces binary data, cycles and objects nested too deep rather than writing what it has not read', () => {
    const cycle: Record<string, unknown> = { id: 'x' };
    cycle.self = cycle;
    let deep: Record<string, unknown> = { firstName: 'Deep' };
    for (let i = 0; i < MAX_DEPTH + 2; i++) deep = { level: deep };
    const out = redactLogObject({ file: Buffer.from('Amara Okafor'), cycle, deep });
    const json = JSON.stringify(out);
    expect(json).not.toContain('Deep');
    expect(out.file).toBe(CENSOR);
    expect(out.cycle).toEqual({ id: 'x', self: '[circular]' });
  });
});

describe('the logger', () => {
  it('writes no listed field, at any depth, and keeps the request line whole', () => {
    const { logger, lines, parsed } = capture();
    logger.info({ method: 'GET', route: '/v1/schools/:schoolId/register', status: 200, ms: 3 }, 'request');
    logger.warn({ job: { data: { contact: { email: 'parent@example.org', displayName: 'Mrs Okafor' } } } }, 'delivery failed');
    logger.error({ req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'sid=1' } } }, 'Unhandled error');
    expect(lines).toHaveLength(3);
    const all = lines.join('\n');
    for (const personal of ['parent@example.org', 'Okafor', 'abc.def.ghi', 'sid=1']) expect(all).not.toContain(personal);
    const [request, delivery] = parsed();
    expect(request).toMatchObject({ level: 'info', method: 'GET', route: '/v1/schools/:schoolId/register', status: 200, ms: 3, msg: 'request' });
    expect(delivery?.job).toEqual({ data: { contact: { email: CENSOR, displayName: CENSOR } } });
  });
});

import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret } from './secret-box.js';

describe('secret box', () => {
  const key = randomBytes(32);

  it('round-trips, with a fresh IV each time', () => {
    const a = sealSecret(key, 'client-secret', 'sso:school-1');
    expect(a).not.toContain('client-secret');
    expect(a).not.toBe(sealSecret(key, 'client-secret', 'sso:school-1'));
    expect(openSecret(key, a, 'sso:school-1')).toBe('client-secret');
  });

  it('refuses another key, another purpose and a changed ciphertext', () => {
    const sealed = sealSecret(key, 'client-secret', 'sso:school-1');
    expect(() => openSecret(randomBytes(32), sealed, 'sso:school-1')).toThrow();
    expect(() => openSecret(key, sealed, 'sso:school-2')).toThrow();
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3] ?? '', 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openSecret(key, [parts[0], parts[1], parts[2], flipped.toString('base64url')].join('.'), 'sso:school-1')).toThrow();
    expect(() => openSecret(key, 'garbage', 'sso:school-1')).toThrow();
  });
});

import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret } from './secret-box.js';

const key = randomBytes(32);

it('opens what it sealed, and each seal differs', () => {
  const a = sealSecret(key, 'JBSWY3DPEHPK3PXP', 'user-1');
  expect(a).not.toContain('JBSWY3DPEHPK3PXP');
  expect(a).not.toBe(sealSecret(key, 'JBSWY3DPEHPK3PXP', 'user-1'));
  expect(openSecret(key, a, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
});

it('refuses another key, another row or a changed byte', () => {
  const sealed = sealSecret(key, 'secret', 'user-1');
  expect(() => openSecret(randomBytes(32), sealed, 'user-1')).toThrow();
  expect(() => openSecret(key, sealed, 'user-2')).toThrow();
  const parts = sealed.split('.');
  const body = Buffer.from(parts[3]!, 'base64url');
  body[0] = body[0]! ^ 1;
  expect(() => openSecret(key, [parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), 'user-1')).toThrow();
});

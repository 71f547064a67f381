import { jest } from '@jest/globals';
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { bearerToken } from './bearer-jwt.strategy.js';
import { VerifiedTokens } from './verified-tokens.js';

const key = createSecretKey(Buffer.from('a-test-secret-of-enough-length-for-hs256', 'utf8'));
const rules = { key, algorithms: ['HS256' as const], issuer: 'sen-manager', audience: 'sen-manager-api' };
const T0 = 1_800_000_000;
const sign = (claims: object, options: jwt.SignOptions = {}, secret: jwt.Secret = key) =>
  jwt.sign({ sub: 'user', sid: 'session', iat: T0, ...claims }, secret, { algorithm: 'HS256', issuer: rules.issuer, audience: rules.audience, ...options });

describe('VerifiedTokens', () => {
  let now = T0;
  const tokens = (capacity?: number) => new VerifiedTokens(rules, capacity, () => now);
  beforeEach(() => {
    now = T0;
    jest.restoreAllMocks();
  });

  it('verifies a token once, then answers from what it kept while the token holds', () => {
    const verify = jest.spyOn(jwt, 'verify');
    const t = tokens();
    const token = sign({ exp: T0 + 900 });
    const first = t.verify(token);
    expect(first).toMatchObject({ sub: 'user', sid: 'session' });
    now = T0 + 899;
    expect(t.verify(token)).toBe(first);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(t.size).toBe(1);
  });

  it('refuses a kept token from the second it expires, with jsonwebtoken’s own error', () => {
    const t = tokens();
    const token = sign({ exp: T0 + 900 });
    t.verify(token);
    now = T0 + 900;
    expect(() => t.verify(token)).toThrow(jwt.TokenExpiredError);
    expect(t.size).toBe(0);
  });

  it('refuses a kept token before its nbf', () => {
    const t = tokens();
    const token = sign({ exp: T0 + 900, nbf: T0 });
    t.verify(token);
    now = T0 - 1;
    expect(() => t.verify(token)).toThrow(jwt.NotBeforeError);
  });

  it('keeps nothing it refused: another key, audience, issuer or algorithm, a changed payload', () => {
    const t = tokens();
    const good = sign({ exp: T0 + 900 });
    const [head, , signature] = good.split('.');
    const forged = `${head}.${Buffer.from(JSON.stringify({ sub: 'admin', sid: 'session', exp: T0 + 900 })).toString('base64url')}.${signature}`;
    for (const bad of [
      sign({ exp: T0 + 900 }, {}, 'another-secret-of-enough-length-for-hs256'),
      sign({ exp: T0 + 900 }, { audience: 'elsewhere' }),
      sign({ exp: T0 + 900 }, { issuer: 'elsewhere' }),
      sign({ exp: T0 + 900 }, { algorithm: 'HS512' }),
      forged,
      'not.a.token',
    ]) {
      expect(() => t.verify(bad)).toThrow(jwt.JsonWebTokenError);
      expect(() => t.verify(bad)).toThrow(jwt.JsonWebTokenError);
    }
    expect(t.size).toBe(0);
  });

  it('keeps at most its capacity, dropping the oldest first', () => {
    const verify = jest.spyOn(jwt, 'verify');
    const t = tokens(2);
    const [a, b, c] = ['a', 'b', 'c'].map((sub) => sign({ sub, exp: T0 + 900 }));
    for (const token of [a!, b!, c!]) t.verify(token);
    expect(t.size).toBe(2);
    verify.mockClear();
    t.verify(c!);
    t.verify(b!);
    expect(verify).not.toHaveBeenCalled();
    t.verify(a!);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('does not keep a token without an expiry', () => {
    const t = tokens();
    expect(t.verify(sign({}))).toMatchObject({ sub: 'user' });
    expect(t.size).toBe(0);
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header, the scheme in any case, as passport-jwt did', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('BEARER  abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken(['Bearer abc'])).toBeNull();
  });
});

import { SHARE_TOKEN, hashCode, hashSecret, newShareCode, newShareToken, sameHash } from './share-secrets.js';

describe('share secrets', () => {
  it('makes link tokens of 256 bits in the URL-safe form the public routes accept', () => {
    const tokens = new Set(Array.from({ length: 50 }, newShareToken));
    expect(tokens.size).toBe(50);
    for (const t of tokens) expect(t).toMatch(SHARE_TOKEN);
  });

  it('makes six-digit codes, leading zeros kept', () => {
    for (let i = 0; i < 200; i++) expect(newShareCode()).toMatch(/^\d{6}$/);
  });

  it("hashes a code with its share, so one share's hash does not match another's", () => {
    expect(hashCode('share-a', '123456')).not.toBe(hashCode('share-b', '123456'));
    expect(sameHash(hashCode('share-a', '123456'), hashCode('share-a', '123456'))).toBe(true);
    expect(sameHash(hashCode('share-a', '123456'), hashCode('share-a', '123457'))).toBe(false);
    expect(sameHash(hashSecret('x'), 'abc')).toBe(false);
  });
});

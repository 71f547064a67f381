import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** 256 bits, URL-safe: the link's token. Only its SHA-256 is stored. */
export const newShareToken = () => randomBytes(32).toString('base64url');
export const SHARE_TOKEN = /^[A-Za-z0-9_-]{43}$/;
export const hashSecret = (value: string) => createHash('sha256').update(value).digest('hex');

/** Six digits, uniformly drawn. Hashed with the share id, so one code's hash says nothing about another share's. */
export const newShareCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
export const hashCode = (shareId: string, code: string) => hashSecret(`${shareId}:${code}`);

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

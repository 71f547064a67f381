import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets the product must give back (an SSO client secret), kept encrypted at rest with AES-256-GCM under
 * DATA_ENCRYPTION_KEY, so a copy of the database or a backup alone does not reveal them. The format is
 * `v1.<iv>.<tag>.<ciphertext>` (base64url); `purpose` is bound as associated data, so a value cannot be moved
 * to another column or row and still decrypt.
 */
export function sealSecret(key: Buffer, plaintext: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** Throws if the value was altered, sealed under another key or for another purpose. */
export function openSecret(key: Buffer, sealed: string, purpose: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || iv === undefined || tag === undefined || ciphertext === undefined) throw new Error('Not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

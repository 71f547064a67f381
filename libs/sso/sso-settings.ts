import { sealSecret } from '#libs/auth';
import { invalid } from '#libs/core';
import type { SsoProviderColumns } from './sso-provider-columns.js';

export interface SsoSettingsInput {
  issuer: string;
  clientId: string;
  /** Omitted to keep the secret already stored. */
  clientSecret?: string;
  allowedDomains: string[];
  enabled: boolean;
}

/** Who keeps a provider: its client secret is sealed for that owner alone. */
export interface SsoSettingsOwner {
  production: boolean;
  key: Buffer;
  /** The secret's associated data (clientSecretPurpose or trustClientSecretPurpose). */
  secretPurpose: string;
}

/**
 * Applies a head's or trust lead's settings to their provider row (new or stored), the one set of rules for
 * both: https only in production, a secret required the first time and write-only after, domains lower-cased,
 * deduplicated and sorted. Returns the names of the settings that changed (for the audit trail: never values).
 */
export function applySsoSettings<T extends SsoProviderColumns>(
  row: T,
  existing: T | null,
  input: SsoSettingsInput,
  actorUserId: string,
  owner: SsoSettingsOwner,
): string[] {
  // Plain http is for a provider on this machine in development and tests; production talks TLS only.
  if (owner.production && !input.issuer.startsWith('https://')) throw invalid([{ field: 'issuer', message: 'must be an https URL' }]);
  if (!existing && !input.clientSecret) throw invalid([{ field: 'clientSecret', message: 'is required when SSO is first set up' }]);
  const domains = [...new Set(input.allowedDomains.map((d) => d.trim().toLowerCase()))].sort();
  const issuer = input.issuer.replace(/\/$/, '');
  const changed: string[] = [];
  if (!existing || existing.issuer !== issuer) changed.push('issuer');
  if (!existing || existing.clientId !== input.clientId) changed.push('clientId');
  if (!existing || existing.enabled !== input.enabled) changed.push('enabled');
  if (!existing || existing.allowedDomains.join(',') !== domains.join(',')) changed.push('allowedDomains');
  if (input.clientSecret) changed.push('clientSecret');
  Object.assign(row, { issuer, clientId: input.clientId, allowedDomains: domains, enabled: input.enabled, updatedBy: actorUserId });
  if (input.clientSecret) row.clientSecretSealed = sealSecret(owner.key, input.clientSecret, owner.secretPurpose);
  return changed;
}

import type { ConfigVariable } from './config.schema.js';

/** Passkeys (WebAuthn): the relying party a credential is bound to, and the page origin a browser must report. */
export interface WebauthnConfig {
  /** The RP ID: the host name (or a registrable suffix of it) a passkey is scoped to; 'localhost' in development. */
  rpId: string;
  /** The origin of the web app (scheme, host, port), from PUBLIC_URL: the only origin a ceremony is accepted from. */
  origin: string;
}

// Empty means "the host of PUBLIC_URL". Set it to a parent domain (sen-manager.example for app.sen-manager.example)
// only to share passkeys across sub-domains; it cannot be changed later without every passkey being registered again.
export const webauthnVariables: ConfigVariable[] = [
  {
    name: 'WEBAUTHN_RP_ID',
    apps: ['api'],
    devDefault: '',
    validate: (v) =>
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(v) ? null : 'must be a lower-case host name such as sen-manager.example',
  },
];

/** A problem when the RP ID is not PUBLIC_URL's host or a parent domain of it (browsers would refuse every ceremony). */
export function webauthnProblems(value: (name: string) => string): string[] {
  const rpId = value('WEBAUTHN_RP_ID');
  const publicUrl = value('PUBLIC_URL');
  if (!rpId || !publicUrl) return [];
  const host = new URL(publicUrl).hostname;
  return host === rpId || host.endsWith(`.${rpId}`) ? [] : [`WEBAUTHN_RP_ID must be the host of PUBLIC_URL (${host}) or a parent domain of it`];
}

export function webauthnConfig(value: (name: string) => string): WebauthnConfig {
  const url = new URL(value('PUBLIC_URL') || 'http://localhost:3000');
  return { rpId: value('WEBAUTHN_RP_ID') || url.hostname, origin: url.origin };
}

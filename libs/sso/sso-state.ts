import { openSecret, sealSecret } from '#libs/auth';

/** Whose provider a sign-in uses: a school's own, or a trust's (for the schools it covers and its leads). */
export interface SsoOwner {
  kind: 'school' | 'trust';
  id: string;
}

/**
 * What the callback must check, carried from the start route in the browser: the provider's owner, OAuth state, OIDC
 * nonce and PKCE verifier. Kept in a short-lived (10 minute) HttpOnly cookie sealed with AES-256-GCM rather
 * than server-side: the start route is public, so it writes nothing (no table or Redis key anyone can fill),
 * and the cookie binds the flow to the browser that began it (login CSRF). Sealing makes it unforgeable and
 * hides the verifier; the provider spends the code once, so a replayed callback is refused there.
 */
export interface SsoFlowState {
  owner: SsoOwner;
  state: string;
  nonce: string;
  verifier: string;
  /** Epoch milliseconds after which the flow is void. */
  expiresAt: number;
}

const PURPOSE = 'sso-flow-state';
export const SSO_STATE_TTL_SECONDS = 600;

export function sealFlowState(key: Buffer, flow: SsoFlowState): string {
  return sealSecret(key, JSON.stringify(flow), PURPOSE);
}

/** The flow of a cookie, or null if it is missing, altered, sealed under another key or expired. */
export function openFlowState(key: Buffer, sealed: string | null, now: number): SsoFlowState | null {
  if (!sealed) return null;
  try {
    const flow = JSON.parse(openSecret(key, sealed, PURPOSE)) as Partial<SsoFlowState>;
    const owner = flow.owner;
    const ownerOk = typeof owner === 'object' && owner !== null && (owner.kind === 'school' || owner.kind === 'trust') && typeof owner.id === 'string';
    const ok = ownerOk && [flow.state, flow.nonce, flow.verifier].every((v) => typeof v === 'string') && typeof flow.expiresAt === 'number';
    return ok && (flow.expiresAt ?? 0) > now ? (flow as SsoFlowState) : null;
  } catch {
    return null;
  }
}

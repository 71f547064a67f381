import type { FastifyReply, FastifyRequest } from 'fastify';
import { SSO_STATE_TTL_SECONDS } from '#libs/sso';

/**
 * The sealed SSO flow state (libs/sso/sso-state.ts). SameSite=Lax, not Strict: the provider sends the browser
 * back with a top-level GET from its own site, and a Strict cookie would not come with it. Scoped to the SSO
 * routes, HttpOnly, and cleared by the callback whatever the outcome.
 */
export const SSO_COOKIE = 'sen_sso';
const PATH = '/v1/auth/sso';

export function setSsoCookie(reply: FastifyReply, value: string): void {
  void reply.header('set-cookie', `${SSO_COOKIE}=${value}; Path=${PATH}; Max-Age=${SSO_STATE_TTL_SECONDS}; HttpOnly; Secure; SameSite=Lax`);
}

export function ssoCookieClearing(): string {
  return `${SSO_COOKIE}=; Path=${PATH}; Max-Age=0; HttpOnly; Secure; SameSite=Lax`;
}

export function readSsoCookie(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    const value = rest.join('=');
    if (name === SSO_COOKIE && /^[A-Za-z0-9_.-]{20,4000}$/.test(value)) return value;
  }
  return null;
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '#libs/core';

/**
 * The browser session of the web app. The refresh token lives only in an httpOnly, Secure, SameSite=Strict
 * cookie scoped to the cookie auth routes, so no script can read it and no other route ever receives it; the
 * access token stays in the page's memory. Because a cookie is sent by the browser on its own, every route
 * that acts on it also wants a CSRF token in the `x-csrf-token` header (signed double submit): the token is
 * an HMAC of the refresh token under the server's secret, handed to the page in the response body and in a
 * readable cookie (for a reload). Another site can neither read it nor compute it, so it cannot forge a call.
 */
export const REFRESH_COOKIE = 'sen_refresh';
export const CSRF_COOKIE = 'sen_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const WEB_AUTH_PATH = '/v1/auth/web';

export function csrfTokenFor(secret: string, refreshToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${refreshToken}`).digest('base64url');
}

export function readCookie(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,200}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** Sets both cookies after a login, refresh or accepted invitation. */
export function setSessionCookies(reply: FastifyReply, secret: string, refreshToken: string, maxAgeSeconds: number): string {
  const csrf = csrfTokenFor(secret, refreshToken);
  void reply.header('set-cookie', [
    `${REFRESH_COOKIE}=${refreshToken}; Path=${WEB_AUTH_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`,
    `${CSRF_COOKIE}=${csrf}; Path=/; Max-Age=${maxAgeSeconds}; Secure; SameSite=Strict`,
  ]);
  void reply.header('cache-control', 'no-store');
  return csrf;
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.header('set-cookie', [
    `${REFRESH_COOKIE}=; Path=${WEB_AUTH_PATH}; Max-Age=0; HttpOnly; Secure; SameSite=Strict`,
    `${CSRF_COOKIE}=; Path=/; Max-Age=0; Secure; SameSite=Strict`,
  ]);
}

/** The refresh token of a cookie-authenticated call, once its CSRF header has been checked. */
export function cookieRefreshToken(request: FastifyRequest, secret: string): string {
  const token = readCookie(request, REFRESH_COOKIE);
  if (!token) throw unauthorized('No session cookie');
  const given = request.headers[CSRF_HEADER];
  const expected = Buffer.from(csrfTokenFor(secret, token));
  const actual = Buffer.from(typeof given === 'string' ? given : '');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw forbidden(`Missing or wrong ${CSRF_HEADER} header`);
  }
  return token;
}

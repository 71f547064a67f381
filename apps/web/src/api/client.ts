import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../generated/schema';

export type Schemas = components['schemas'];

/**
 * The session: the access token lives only in this module's memory; the refresh token is an httpOnly cookie
 * the page can never read. A reload (or an expired access token) asks /v1/auth/web/refresh for a new one,
 * proving it is this page with the CSRF token the server put in a readable cookie.
 */
let accessToken: string | null = null;
let expiresAt = 0;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

export const onSessionChange = (fn: () => void) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};
const changed = () => listeners.forEach((fn) => fn());

export const hasSession = () => accessToken !== null;

function csrfToken(): string {
  const match = /(?:^|;\s*)sen_csrf=([A-Za-z0-9_-]+)/.exec(document.cookie);
  return match?.[1] ?? '';
}

interface WebSession {
  accessToken: string;
  expiresIn: number;
}

function take(session: WebSession) {
  accessToken = session.accessToken;
  expiresAt = Date.now() + session.expiresIn * 1000;
  changed();
}

export function clearSession() {
  accessToken = null;
  expiresAt = 0;
  changed();
}

/**
 * A refresh token is single-use, and presenting a spent one signs the whole session out (reuse detection). So
 * one refresh at a time: in this page, parallel requests wait for the same one; across tabs of the browser, a
 * Web Lock makes each tab refresh only after the last one has finished, reading the cookie it left.
 */
function refreshRequest(): Promise<Response> {
  const send = () => fetch('/v1/auth/web/refresh', { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': csrfToken() } });
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks.request('sen-manager-session-refresh', send) : send();
}

export function refreshSession(): Promise<boolean> {
  if (!csrfToken()) return Promise.resolve(false);
  refreshing ??= refreshRequest()
    .then(async (res) => {
      if (!res.ok) {
        clearSession();
        return false;
      }
      take((await res.json()) as WebSession);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

const auth: Middleware = {
  async onRequest({ request }) {
    if (request.url.includes('/v1/auth/web/')) return request;
    if (accessToken === null || Date.now() > expiresAt - 30_000) await refreshSession();
    if (accessToken) request.headers.set('authorization', `Bearer ${accessToken}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !request.url.includes('/v1/auth/')) clearSession();
    return response;
  },
};

/**
 * The session's Authorization header, refreshed first if due: for the one request the typed client cannot make,
 * an upload that reports its progress (XMLHttpRequest).
 */
export async function sessionHeaders(): Promise<Record<string, string>> {
  if (accessToken === null || Date.now() > expiresAt - 30_000) await refreshSession();
  return accessToken ? { authorization: `Bearer ${accessToken}` } : {};
}

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(auth);

/** For TanStack Query (api/query.ts): the same client, but a failed request rejects with the API's ProblemError. */
const problems: Middleware = {
  async onResponse({ response }) {
    if (response.ok) return response;
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => ({}));
    throw new ProblemError(response.status, typeof body === 'object' && body !== null ? body : {});
  },
};
export const queryApi = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
queryApi.use(auth, problems);

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; errors?: { field?: string; message?: string }[] },
  ) {
    super(problem.detail ?? problem.title ?? `Request failed (${status})`);
  }
}

/** The data of an openapi-fetch result, or a ProblemError with the API's problem+json. */
export function must<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw new ProblemError(result.response.status, result.error ?? {});
  }
  return result.data as T;
}

export type SecondFactorChallenge = Schemas['SecondFactorChallengeDto'];

/** Signs in, or answers the challenge of the second step when the account uses (or must use) two-factor. */
export async function login(email: string, password: string): Promise<SecondFactorChallenge | null> {
  const result = must(await api.POST('/v1/auth/web/login', { body: { email, password } }));
  if ('secondFactorRequired' in result) return result;
  take(result);
  return null;
}

export async function verifySecondFactor(body: Schemas['VerifySecondFactorDto']): Promise<void> {
  take(must(await api.POST('/v1/auth/web/two-factor/verify', { body })));
}

/** Like login: an account with a second factor (or whose role must have one) is asked for it first. */
export async function acceptInvitation(body: Schemas['AcceptInvitationDto']): Promise<SecondFactorChallenge | null> {
  const result = must(await api.POST('/v1/auth/web/invitations/accept', { body }));
  if ('secondFactorRequired' in result) return result;
  take(result);
  return null;
}

export async function logout(): Promise<void> {
  await fetch('/v1/auth/web/logout', { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': csrfToken() } });
  clearSession();
}

export async function logoutEverywhere(): Promise<void> {
  await api.POST('/v1/auth/logout-everywhere');
  clearSession();
}

/** Passkey sign-in: the browser's signed answer to /v1/auth/passkey/options; sets the session like a password sign-in. */
export async function signInWithPasskey(credential: Schemas['AuthenticationCredentialDto']): Promise<void> {
  take(must(await api.POST('/v1/auth/web/passkey/verify', { body: { credential } })));
}

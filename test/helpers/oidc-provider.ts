import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import jwt from 'jsonwebtoken';
import Provider, { type ProviderContext } from 'oidc-provider';

/**
 * A real OpenID provider (oidc-provider) on a free loopback port, for the SSO tests. Accounts are keyed by id
 * and carry an email and email_verified; consent is granted up front (a first-party client), so signing in
 * is the dev login form only. `idTokenMode` lets a test alter the ID token the token endpoint returns: its
 * payload changed without re-signing ('tampered'), or re-signed with the real key for another client
 * ('other-audience'), as if it had been issued to a second client.
 */
export interface TestAccount {
  email: string;
  emailVerified: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  idTokenMode: 'as-issued' | 'tampered' | 'other-audience';
  /** Follows the provider's redirects from an authorization URL, signs in as `accountId`, and returns the callback URL it sends the browser to. */
  signIn: (authorizationUrl: string, accountId: string) => Promise<URL>;
  close: () => Promise<void>;
}

export async function startTestProvider(port: number, redirectUri: string): Promise<TestProvider> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, TestAccount>();
  const clientId = 'sen-manager';
  const clientSecret = 'a-client-secret-for-tests-only-0123456789';
  const provider = new Provider(issuer, {
    clients: [
      { client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_post' },
      { client_id: 'another-app', client_secret: 'another-secret-0123456789abcdef', redirect_uris: [redirectUri] },
    ],
    jwks: { keys: [jwk] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, email: account.email, email_verified: account.emailVerified }) };
    },
    // A first-party client: consent is implied, so the test signs in with the login form alone.
    loadExistingGrant: async (ctx: ProviderContext) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile');
      grant.addOIDCClaims(['email', 'email_verified']);
      await grant.save();
      return grant;
    },
  });
  const state: Pick<TestProvider, 'idTokenMode'> = { idTokenMode: 'as-issued' };
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === '/token' && body?.id_token && state.idTokenMode !== 'as-issued') body.id_token = alter(body.id_token, state.idTokenMode, privateKey);
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  async function signIn(authorizationUrl: string, accountId: string): Promise<URL> {
    const jar = new Map<string, string>();
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let url = new URL(authorizationUrl);
    let init: RequestInit = {};
    for (let hop = 0; hop < 12; hop++) {
      const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() } });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair!.indexOf('=');
        jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (location) {
        url = new URL(location, url);
        if (url.origin !== issuer) return url;
        init = {};
        continue;
      }
      const html = await res.text();
      if (res.status !== 200 || !url.pathname.startsWith('/interaction/')) throw new Error(`provider answered ${res.status} at ${url.pathname}`);
      const form: Record<string, string> = html.includes('name="login"') ? { prompt: 'login', login: accountId, password: 'any' } : { prompt: 'consent' };
      init = { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    }
    throw new Error('too many redirects at the provider');
  }

  return Object.assign(state, {
    issuer,
    clientId,
    clientSecret,
    accounts,
    signIn,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

function alter(idToken: string, mode: 'tampered' | 'other-audience', key: KeyObject): string {
  const [header, payload, signature] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (mode === 'tampered') {
    // A different person's email under the original signature.
    const changed = Buffer.from(JSON.stringify({ ...claims, email: 'head@test.invalid' })).toString('base64url');
    return [header, changed, signature].join('.');
  }
  const { iat: _iat, exp: _exp, ...rest } = claims;
  return jwt.sign({ ...rest, aud: 'another-app', azp: 'another-app' }, key, { algorithm: 'RS256', keyid: 'test-key', expiresIn: 300 });
}

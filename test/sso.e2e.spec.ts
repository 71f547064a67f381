import { Membership } from '#libs/auth';
import { TenantTransactions } from '#libs/database';
import { createTestSchool, createUser, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { startTestProvider, type TestProvider } from './helpers/oidc-provider.js';
import { freePort } from './helpers/ports.js';
import { totpCode } from './helpers/two-factor.js';

/**
 * Staff sign-in with the school's OpenID provider, against a real provider (oidc-provider) in this process:
 * the head sets SSO up, a teacher signs in and gets the same session as a password sign-in, and every way a
 * sign-in must fail does, on one message that says nothing about which emails exist.
 */
let api: TestApi;
let op: TestProvider;
let fixture: TestSchool;
const publicUrl = 'http://localhost:3000';
const REFUSED = `${publicUrl}/app/login?sso=refused`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  api = await startTestApi({ env: { PUBLIC_URL: publicUrl } });
  op = await startTestProvider(await freePort(), `${publicUrl}/v1/auth/sso/callback`);
  fixture = await createTestSchool(api.dataSource);
  const head = await api.login(fixture.users.head.email);
  const res = await api
    .http()
    .put(`/v1/schools/${fixture.school.id}/sso`)
    .set(bearer(head.accessToken))
    .send({ issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, allowedDomains: ['Test.invalid'], enabled: true });
  expect(res.status).toBe(200);
  for (const role of ['teacher', 'parent', 'head'] as const) {
    op.accounts.set(role, { email: fixture.users[role].email, emailVerified: true });
  }
});
afterAll(async () => {
  await op.close();
  await api.close();
});
afterEach(() => {
  op.idTokenMode = 'as-issued';
});

const cookieOf = (res: { headers: Record<string, unknown> }, name: string): string | undefined => {
  const list = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return list.find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`))?.split(';')[0];
};

async function start(): Promise<{ authorizationUrl: string; cookie: string }> {
  const res = await api.http().get(`/v1/auth/sso/start?school=${fixture.school.id}`);
  expect(res.status).toBe(302);
  const cookie = cookieOf(res, 'sen_sso');
  expect(res.headers['set-cookie']).toEqual([expect.stringMatching(/^sen_sso=.+; Path=\/v1\/auth\/sso; Max-Age=600; HttpOnly; Secure; SameSite=Lax$/)]);
  return { authorizationUrl: res.headers.location as string, cookie: cookie! };
}

const callback = (url: URL, cookie: string) => api.http().get(`/v1/auth/sso/callback${url.search}`).set('cookie', cookie);

async function signIn(accountId: string) {
  const flow = await start();
  const back = await op.signIn(flow.authorizationUrl, accountId);
  return { back, cookie: flow.cookie, res: await callback(back, flow.cookie) };
}

/** Refused on the one page; `because` is the logged reason (for the provider's checks, the library's code). */
function expectRefused(res: { status: number; headers: Record<string, unknown> }, because?: string): void {
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(REFUSED);
  expect(cookieOf(res, 'sen_refresh')).toBeUndefined();
  if (because) expect(api.logs.filter((l) => l.includes('sso sign-in refused')).at(-1)).toContain(because);
}

async function memberWith(email: string, role: 'teacher' | 'parent', extra: { disabledAt?: Date } = {}): Promise<string> {
  const user = await createUser(api.dataSource, email, extra);
  await new TenantTransactions(api.dataSource).run({ schoolIds: [fixture.school.id] }, (m) =>
    m.insert(Membership, { schoolId: fixture.school.id, userId: user.id, role }),
  );
  return user.id;
}

describe('SSO settings', () => {
  it('the head sees them without the secret, with the redirect URI to register; the change is audited', async () => {
    const head = await api.login(fixture.users.head.email);
    const res = await api.http().get(`/v1/schools/${fixture.school.id}/sso`).set(bearer(head.accessToken));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      configured: true,
      issuer: op.issuer,
      clientId: op.clientId,
      hasClientSecret: true,
      allowedDomains: ['test.invalid'],
      redirectUri: `${publicUrl}/v1/auth/sso/callback`,
    });
    expect(JSON.stringify(res.body)).not.toContain(op.clientSecret);
    const stored = await api.dataSource.query<{ client_secret_sealed: string }[]>(`select app.sso_provider($1) as row`, [fixture.school.id]);
    expect(JSON.stringify(stored)).not.toContain(op.clientSecret);
    const audit = await api.http().get(`/v1/schools/${fixture.school.id}/audit-events`).set(bearer(head.accessToken));
    const event = (audit.body.items as { action: string; details: Record<string, unknown> }[]).find((e) => e.action === 'sso.config_created');
    expect(event?.details).toEqual({ fields: 'issuer,clientId,enabled,allowedDomains,clientSecret', enabled: true });
    expect(JSON.stringify(audit.body)).not.toContain(op.clientSecret);
  });

  it('the SENCO may not change them; a bad domain is a 400 naming the field', async () => {
    const senco = await api.login(fixture.users.senco.email);
    expectProblem(
      await api
        .http()
        .put(`/v1/schools/${fixture.school.id}/sso`)
        .set(bearer(senco.accessToken))
        .send({ issuer: op.issuer, clientId: 'x', allowedDomains: ['a.b'], enabled: true }),
      403,
    );
    const head = await api.login(fixture.users.head.email);
    const bad = expectProblem(
      await api
        .http()
        .put(`/v1/schools/${fixture.school.id}/sso`)
        .set(bearer(head.accessToken))
        .send({ issuer: op.issuer, clientId: 'x', allowedDomains: ['not a domain'], enabled: true }),
      400,
    );
    expect(JSON.stringify(bad)).toContain('allowedDomains');
  });
});

describe('discovery', () => {
  it('names the schools that take the email domain, with the start URL; another domain gets none', async () => {
    const res = await api.http().post('/v1/auth/sso/discover').send({ email: 'someone@TEST.invalid' });
    expect(res.status).toBe(200);
    expect(res.body.choices).toContainEqual({
      kind: 'school',
      id: fixture.school.id,
      name: fixture.school.name,
      startUrl: `/v1/auth/sso/start?school=${fixture.school.id}`,
    });
    const none = await api.http().post('/v1/auth/sso/discover').send({ email: 'someone@nowhere.example' });
    expect(none.body).toEqual({ choices: [] });
  });

  it('a school without SSO has no start', async () => {
    const other = await createTestSchool(api.dataSource);
    expectProblem(await api.http().get(`/v1/auth/sso/start?school=${other.school.id}`), 404);
    expectProblem(await api.http().get(`/v1/auth/sso/start?school=nope`), 400);
  });
});

describe('SSO sign-in', () => {
  it('a teacher signs in with code + PKCE, state and nonce, and gets the session a password sign-in gives', async () => {
    const flow = await start();
    const auth = new URL(flow.authorizationUrl);
    expect(auth.origin).toBe(op.issuer);
    expect(Object.fromEntries(auth.searchParams)).toMatchObject({
      client_id: op.clientId,
      response_type: 'code',
      code_challenge_method: 'S256',
      redirect_uri: `${publicUrl}/v1/auth/sso/callback`,
    });
    for (const p of ['state', 'nonce', 'code_challenge']) expect(auth.searchParams.get(p)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const back = await op.signIn(flow.authorizationUrl, 'teacher');
    const res = await callback(back, flow.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${publicUrl}/app`);
    expect(res.headers['set-cookie']).toEqual(
      expect.arrayContaining([expect.stringMatching(/^sen_refresh=.+HttpOnly; Secure; SameSite=Strict$/), expect.stringMatching(/^sen_sso=; .*Max-Age=0/)]),
    );
    const csrf = cookieOf(res, 'sen_csrf')!.split('=')[1]!;
    const session = await api.http().post('/v1/auth/web/refresh').set('cookie', cookieOf(res, 'sen_refresh')!).set('x-csrf-token', csrf);
    expect(session.status).toBe(200);
    const me = await api
      .http()
      .get('/v1/me')
      .set(bearer(session.body.accessToken as string));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: fixture.users.teacher.id, schools: [{ schoolId: fixture.school.id, roles: ['teacher'] }] });

    // The same code again (a replayed callback, cookie and all): the provider has spent it.
    expectRefused(await callback(back, flow.cookie), 'OAUTH_RESPONSE_BODY_ERROR');
    // No email reached the logs.
    expect(api.logs.join('\n')).not.toContain(fixture.users.teacher.email);
  });

  it('refuses an ID token issued to another client (wrong audience), validly signed', async () => {
    op.idTokenMode = 'other-audience';
    expectRefused((await signIn('teacher')).res, 'OAUTH_JWT_CLAIM_COMPARISON_FAILED');
  });

  it('refuses an ID token whose claims were changed after signing', async () => {
    op.idTokenMode = 'tampered';
    // oauth4webapi's code for a JWS signature that does not verify against the JWKS.
    expectRefused((await signIn('teacher')).res, 'OAUTH_INVALID_RESPONSE');
  });

  it('refuses a nonce other than the one this browser was given', async () => {
    const flow = await start();
    const url = new URL(flow.authorizationUrl);
    url.searchParams.set('nonce', 'an-attackers-nonce-0123456789abcdef');
    expectRefused(await callback(await op.signIn(url.href, 'teacher'), flow.cookie), 'OAUTH_JWT_CLAIM_COMPARISON_FAILED');
  });

  it("refuses a state that is not this browser's (another flow's callback, or no cookie)", async () => {
    const mine = await start();
    const theirs = await start();
    const back = await op.signIn(theirs.authorizationUrl, 'teacher');
    expectRefused(await callback(back, mine.cookie), 'OAUTH_INVALID_RESPONSE');
    expectRefused(await api.http().get(`/v1/auth/sso/callback${back.search}`), 'no_flow');
    expectRefused(await callback(back, 'sen_sso=v1.forged.forged.forged-forged-forged'));
  });

  it('refuses an email domain the school does not allow, even for its own teacher', async () => {
    await memberWith('teacher@elsewhere.example', 'teacher');
    op.accounts.set('elsewhere', { email: 'teacher@elsewhere.example', emailVerified: true });
    expectRefused((await signIn('elsewhere')).res, 'domain_not_allowed');
  });

  it('refuses a person with no account, one with no staff role in the school, and an unverified email: no self-sign-up', async () => {
    op.accounts.set('stranger', { email: 'stranger@test.invalid', emailVerified: true });
    expectRefused((await signIn('stranger')).res, 'no_account');
    expectRefused((await signIn('parent')).res, 'no_staff_membership');
    const outsider = await createTestSchool(api.dataSource);
    op.accounts.set('outsider', { email: outsider.users.teacher.email, emailVerified: true });
    expectRefused((await signIn('outsider')).res, 'no_staff_membership');
    op.accounts.set('unverified', { email: fixture.users.senco.email, emailVerified: false });
    expectRefused((await signIn('unverified')).res, 'email_unverified');
    const rows = await api.dataSource.query<{ n: number }[]>(`select count(*)::int as n from users where email = 'stranger@test.invalid'`);
    expect(rows[0]?.n).toBe(0);
  });

  it('refuses a disabled user', async () => {
    await memberWith('disabled-teacher@test.invalid', 'teacher', { disabledAt: new Date() });
    op.accounts.set('disabled', { email: 'disabled-teacher@test.invalid', emailVerified: true });
    expectRefused((await signIn('disabled')).res, 'account_disabled');
  });

  it("goes through the user's second factor: an SSO sign-in of a teacher with an authenticator app needs its code", async () => {
    await memberWith('two-factor-teacher@test.invalid', 'teacher');
    op.accounts.set('two-factor', { email: 'two-factor-teacher@test.invalid', emailVerified: true });
    const signedIn = await api.login('two-factor-teacher@test.invalid');
    const started = await api.http().post('/v1/me/two-factor/totp').set(bearer(signedIn.accessToken));
    const secret = started.body.secret as string;
    expect(
      (
        await api
          .http()
          .post('/v1/me/two-factor/totp/confirm')
          .set(bearer(signedIn.accessToken))
          .send({ code: totpCode(secret) })
      ).status,
    ).toBe(200);

    const { res } = await signIn('two-factor');
    // No session yet: the login page gets a single-use challenge in the fragment, which no server ever sees.
    expect(res.status).toBe(303);
    const location = new URL(res.headers.location as string);
    expect(`${location.origin}${location.pathname}${location.search}`).toBe(`${publicUrl}/app/login`);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('enrol')).toBe('0');
    expect(cookieOf(res, 'sen_refresh')).toBeUndefined();

    const challengeToken = fragment.get('second-factor')!;
    expectProblem(
      await api
        .http()
        .post('/v1/auth/web/two-factor/verify')
        .send({ challengeToken, code: totpCode(secret, 5) }),
      401,
    );
    const verified = await api
      .http()
      .post('/v1/auth/web/two-factor/verify')
      .send({ challengeToken, code: totpCode(secret, 1) });
    expect(verified.status).toBe(200);
    expect(cookieOf(verified, 'sen_refresh')).toBeDefined();
  });

  it('logs each refusal with its reason and no personal data', () => {
    const lines = api.logs.filter((l) => l.includes('sso sign-in refused'));
    for (const reason of ['provider_rejected', 'domain_not_allowed', 'no_account', 'no_staff_membership', 'account_disabled', 'email_unverified', 'no_flow']) {
      expect(lines.some((l) => l.includes(reason))).toBe(true);
    }
    expect(lines.join('\n')).not.toMatch(/@/);
  });
});

import { createTestSchool, TEST_PASSWORD, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';

/**
 * The web app's session: the refresh token only in an httpOnly, Secure, SameSite=Strict cookie scoped to the
 * cookie routes; a signed double-submit CSRF token on every cookie-authenticated call; log out everywhere.
 */
let api: TestApi;
let fixture: TestSchool;

beforeAll(async () => {
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
});
afterAll(() => api.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface WebLogin {
  accessToken: string;
  csrfToken: string;
  refreshCookie: string;
  csrfCookie: string;
  setCookie: string[];
}

function cookies(setCookie: string[] | string | undefined): Record<string, string> {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return Object.fromEntries(list.map((c) => [c.split('=')[0]!, c]));
}
const value = (cookie: string) => cookie.split(';')[0]!.split('=').slice(1).join('=');

async function webLogin(email: string): Promise<WebLogin> {
  const res = await api.http().post('/v1/auth/web/login').send({ email, password: TEST_PASSWORD });
  expect(res.status).toBe(200);
  const set = cookies(res.headers['set-cookie']);
  return {
    accessToken: res.body.accessToken,
    csrfToken: res.body.csrfToken,
    refreshCookie: set.sen_refresh!,
    csrfCookie: set.sen_csrf!,
    setCookie: res.headers['set-cookie'] as unknown as string[],
  };
}

const refresh = (session: { refreshCookie: string; csrfToken: string }, csrf: string | null = session.csrfToken) => {
  const req = api
    .http()
    .post('/v1/auth/web/refresh')
    .set('cookie', `sen_refresh=${value(session.refreshCookie)}`);
  return csrf === null ? req : req.set('x-csrf-token', csrf);
};

describe('web login', () => {
  it('puts the refresh token only in an httpOnly, Secure, SameSite=Strict cookie scoped to the cookie routes', async () => {
    const res = await api.http().post('/v1/auth/web/login').send({ email: fixture.users.senco.email, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('refreshToken');
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'csrfToken', 'expiresIn', 'tokenType']);
    const set = cookies(res.headers['set-cookie']);
    expect(set.sen_refresh).toMatch(/; Path=\/v1\/auth\/web;/);
    expect(set.sen_refresh).toMatch(/; HttpOnly/);
    expect(set.sen_refresh).toMatch(/; Secure/);
    expect(set.sen_refresh).toMatch(/; SameSite=Strict/);
    // The CSRF cookie is readable by the page (it sends it back as a header) and carries the same token.
    expect(set.sen_csrf).not.toMatch(/HttpOnly/);
    expect(value(set.sen_csrf!)).toBe(res.body.csrfToken);
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await api.http().get('/v1/me').set(bearer(res.body.accessToken))).status).toBe(200);
  });

  it('refuses wrong credentials like the body-based login', async () => {
    const res = await api.http().post('/v1/auth/web/login').send({ email: fixture.users.senco.email, password: 'not-the-password' });
    expectProblem(res, 401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('web refresh', () => {
  it('needs the CSRF header: missing or wrong is refused, and the session is not spent', async () => {
    const session = await webLogin(fixture.users.teacher.email);
    expectProblem(await refresh(session, null), 403);
    expectProblem(await refresh(session, 'A'.repeat(43)), 403);
    // A CSRF token of another session does not fit this one.
    const other = await webLogin(fixture.users.teacher.email);
    expectProblem(await refresh(session, other.csrfToken), 403);
    expect((await refresh(session)).status).toBe(200);
  });

  it('rotates the cookie; the old cookie replayed ends the whole session', async () => {
    const session = await webLogin(fixture.users.head.email);
    const rotated = await refresh(session);
    expect(rotated.status).toBe(200);
    const next = cookies(rotated.headers['set-cookie']);
    expect(value(next.sen_refresh!)).not.toBe(value(session.refreshCookie));
    expect(rotated.body.csrfToken).not.toBe(session.csrfToken);
    expect((await api.http().get('/v1/me').set(bearer(rotated.body.accessToken))).status).toBe(200);
    // Replaying the first cookie (with its own valid CSRF token) is reuse: the family is revoked.
    expectProblem(await refresh(session), 401);
    expectProblem(await refresh({ refreshCookie: next.sen_refresh!, csrfToken: rotated.body.csrfToken }), 401);
    expect((await api.http().get('/v1/me').set(bearer(rotated.body.accessToken))).status).toBe(401);
  });

  it('without a cookie is 401', async () => {
    expectProblem(await api.http().post('/v1/auth/web/refresh').set('x-csrf-token', 'x'.repeat(43)), 401);
  });
});

describe('web logout', () => {
  it('revokes the session of the cookie and clears both cookies', async () => {
    const session = await webLogin(fixture.users.parent.email);
    const noCsrf = await api
      .http()
      .post('/v1/auth/web/logout')
      .set('cookie', `sen_refresh=${value(session.refreshCookie)}`);
    expectProblem(noCsrf, 403);
    const res = await api
      .http()
      .post('/v1/auth/web/logout')
      .set('cookie', `sen_refresh=${value(session.refreshCookie)}`)
      .set('x-csrf-token', session.csrfToken);
    expect(res.status).toBe(204);
    const cleared = cookies(res.headers['set-cookie']);
    expect(cleared.sen_refresh).toMatch(/^sen_refresh=;.*Max-Age=0/);
    expect(cleared.sen_csrf).toMatch(/^sen_csrf=;.*Max-Age=0/);
    expectProblem(await refresh(session), 401);
    expect((await api.http().get('/v1/me').set(bearer(session.accessToken))).status).toBe(401);
  });
});

describe('log out everywhere', () => {
  it('ends every session of the user, cookie and body-based alike, and no one else’s', async () => {
    const browser = await webLogin(fixture.users.senco.email);
    const phone = await api.login(fixture.users.senco.email);
    const colleague = await api.login(fixture.users.head.email);
    expectProblem(await api.http().post('/v1/auth/logout-everywhere'), 401);
    const res = await api.http().post('/v1/auth/logout-everywhere').set(bearer(browser.accessToken));
    expect(res.status).toBe(204);
    expect((await api.http().get('/v1/me').set(bearer(browser.accessToken))).status).toBe(401);
    expect((await api.http().get('/v1/me').set(bearer(phone.accessToken))).status).toBe(401);
    expectProblem(await refresh(browser), 401);
    expect((await api.http().post('/v1/auth/refresh').send({ refreshToken: phone.refreshToken })).status).toBe(401);
    expect((await api.http().get('/v1/me').set(bearer(colleague.accessToken))).status).toBe(200);
  });
});

describe('the body-based routes', () => {
  it('still work for API clients', async () => {
    const pair = await api.login(fixture.users.head.email);
    const rotated = await api.http().post('/v1/auth/refresh').send({ refreshToken: pair.refreshToken });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).toEqual(expect.any(String));
    expect((await api.http().post('/v1/auth/logout').send({ refreshToken: rotated.body.refreshToken })).status).toBe(204);
  });
});

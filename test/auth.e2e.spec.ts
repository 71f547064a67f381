import jwt from 'jsonwebtoken';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';

let api: TestApi;
let fixture: TestSchool;

beforeAll(async () => {
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
});
afterAll(() => api.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('login', () => {
  it('returns an access token that opens protected routes and a refresh token', async () => {
    const tokens = await api.login(fixture.users.senco.email);
    expect(tokens.accessToken.split('.')).toHaveLength(3);
    const me = await api.http().get('/v1/me').set(bearer(tokens.accessToken));
    expect(me.status).toBe(200);
    expect(me.body.schools).toEqual([{ schoolId: fixture.school.id, roles: ['senco'] }]);
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const wrong = await api.http().post('/v1/auth/login').send({ email: fixture.users.senco.email, password: 'not-the-password' });
    const unknown = await api.http().post('/v1/auth/login').send({ email: 'nobody-here@test.invalid', password: 'not-the-password' });
    expect(expectProblem(wrong, 401).detail).toBe(expectProblem(unknown, 401).detail);
  });

  it('accepts the email in any case', async () => {
    await expect(api.login(fixture.users.head.email.toUpperCase())).resolves.toHaveProperty('accessToken');
  });
});

describe('refresh tokens', () => {
  it('rotate: the new pair works and the old refresh token is spent', async () => {
    const first = await api.login(fixture.users.teacher.email);
    const rotated = await api.http().post('/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first.refreshToken);
    expect((await api.http().get('/v1/me').set(bearer(rotated.body.accessToken))).status).toBe(200);
  });

  it('reuse of a rotated token is refused and signs out the whole session', async () => {
    const first = await api.login(fixture.users.teacher.email);
    const second = (await api.http().post('/v1/auth/refresh').send({ refreshToken: first.refreshToken })).body;
    const replay = await api.http().post('/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(expectProblem(replay, 401).detail).toMatch(/already used/);
    // The thief's replay revoked the legitimate holder's newer tokens too.
    expectProblem(await api.http().post('/v1/auth/refresh').send({ refreshToken: second.refreshToken }), 401);
    expectProblem(await api.http().get('/v1/me').set(bearer(second.accessToken)), 401);
  });

  it('logout revokes the refresh token and the access tokens of that session, not other sessions', async () => {
    const session = await api.login(fixture.users.parent.email);
    const other = await api.login(fixture.users.parent.email);
    expect((await api.http().post('/v1/auth/logout').send({ refreshToken: session.refreshToken })).status).toBe(204);
    expectProblem(await api.http().post('/v1/auth/refresh').send({ refreshToken: session.refreshToken }), 401);
    expectProblem(await api.http().get('/v1/me').set(bearer(session.accessToken)), 401);
    expect((await api.http().get('/v1/me').set(bearer(other.accessToken))).status).toBe(200);
  });
});

describe('access tokens', () => {
  it('refuses an expired token with 401', async () => {
    const { accessToken } = await api.login(fixture.users.senco.email);
    const claims = jwt.decode(accessToken) as { sub: string; sid: string };
    const expired = jwt.sign({ sub: claims.sub, sid: claims.sid, exp: Math.floor(Date.now() / 1000) - 60 }, process.env.JWT_SECRET ?? '', {
      issuer: 'sen-manager',
      audience: 'sen-manager-api',
    });
    expect(expectProblem(await api.http().get('/v1/me').set(bearer(expired)), 401).detail).toMatch(/expired/);
  });

  it('refuses a token signed with another secret', async () => {
    const { accessToken } = await api.login(fixture.users.senco.email);
    const claims = jwt.decode(accessToken) as { sub: string; sid: string };
    const forged = jwt.sign({ sub: claims.sub, sid: claims.sid }, 'an-attacker-secret-that-is-long-enough-000', { issuer: 'sen-manager', expiresIn: 600 });
    expectProblem(await api.http().get('/v1/me').set(bearer(forged)), 401);
  });

  it('refuses a token with the right secret but another audience, issuer or algorithm, or none', async () => {
    const { accessToken } = await api.login(fixture.users.senco.email);
    const claims = jwt.decode(accessToken) as { sub: string; sid: string; aud: string; iss: string };
    expect({ aud: claims.aud, iss: claims.iss }).toEqual({ aud: 'sen-manager-api', iss: 'sen-manager' });
    const secret = process.env.JWT_SECRET ?? '';
    const body = { sub: claims.sub, sid: claims.sid };
    // The genuine shape is accepted, so each refusal below is for the one thing changed.
    const genuine = jwt.sign(body, secret, { issuer: 'sen-manager', audience: 'sen-manager-api', expiresIn: 600 });
    expect((await api.http().get('/v1/me').set(bearer(genuine))).status).toBe(200);
    for (const token of [
      jwt.sign(body, secret, { issuer: 'sen-manager', expiresIn: 600 }),
      jwt.sign(body, secret, { issuer: 'sen-manager', audience: 'another-service', expiresIn: 600 }),
      jwt.sign(body, secret, { issuer: 'someone-else', audience: 'sen-manager-api', expiresIn: 600 }),
      jwt.sign(body, secret, { algorithm: 'HS512', issuer: 'sen-manager', audience: 'sen-manager-api', expiresIn: 600 }),
      jwt.sign(body, '', { algorithm: 'none', issuer: 'sen-manager', audience: 'sen-manager-api', expiresIn: 600 }),
    ]) {
      expectProblem(await api.http().get('/v1/me').set(bearer(token)), 401);
    }
  });

  it('refuses a missing or malformed Authorization header', async () => {
    expectProblem(await api.http().get('/v1/me'), 401);
    expectProblem(await api.http().get('/v1/me').set({ authorization: 'Bearer not.a.jwt' }), 401);
  });
});

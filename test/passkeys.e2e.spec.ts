import { randomUUID } from 'node:crypto';
import { addMember, createTestSchool, createUser, TEST_PASSWORD, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { SoftPasskey } from './helpers/webauthn.js';

/** Passkeys over the API, with a software authenticator (test/helpers/webauthn.ts); docs/security.md, Passkeys. */
const ORIGIN = 'http://localhost:3000';
let api: TestApi;
let a: TestSchool;

beforeAll(async () => {
  api = await startTestApi({ env: { PUBLIC_URL: ORIGIN } });
  a = await createTestSchool(api.dataSource);
});
afterAll(() => api.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function registerPasskey(token: string, passkey = new SoftPasskey(), name = 'Work laptop') {
  const options = await api.http().post('/v1/me/passkeys/options').set(bearer(token));
  expect(options.status).toBe(200);
  const credential = passkey.register(options.body);
  return { passkey, options: options.body, res: await api.http().post('/v1/me/passkeys/verify').set(bearer(token)).send({ name, credential }) };
}

async function signInOptions(): Promise<{ challenge: string; allowCredentials?: unknown[]; rpId?: string; userVerification?: string }> {
  const res = await api.http().post('/v1/auth/passkey/options');
  expect(res.status).toBe(200);
  return res.body;
}

const signIn = async (passkey: SoftPasskey, counter?: number) =>
  api
    .http()
    .post('/v1/auth/passkey/verify')
    .send({ credential: passkey.assert(await signInOptions(), counter) });

const auditActions = async (token: string, schoolId: string) =>
  ((await api.http().get(`/v1/schools/${schoolId}/audit-events`).set(bearer(token))).body.items as { action: string; details: Record<string, unknown> }[]).map(
    (e) => e.action,
  );

it('every /v1/me/passkeys route needs a signed-in user; sign-in routes are public but check their body', async () => {
  const id = randomUUID();
  for (const [method, path] of [
    ['get', '/v1/me/passkeys'],
    ['post', '/v1/me/passkeys/options'],
    ['post', '/v1/me/passkeys/verify'],
    ['delete', `/v1/me/passkeys/${id}`],
  ] as const)
    expectProblem(await api.http()[method](path), 401);
  const missing = expectProblem(await api.http().post('/v1/auth/passkey/verify').send({}), 400);
  expect(JSON.stringify(missing.errors)).toContain('credential');
  const badType = expectProblem(
    await api
      .http()
      .post('/v1/auth/passkey/verify')
      .send({ credential: { ...new SoftPasskey().assert({ challenge: 'x' }), type: 'password' } }),
    400,
  );
  expect(JSON.stringify(badType.errors)).toContain('credential.type');
});

it('registration options ask for a discoverable credential with user verification, bound to the configured RP ID', async () => {
  const { accessToken } = await api.login(a.users.teacher.email);
  const res = await api.http().post('/v1/me/passkeys/options').set(bearer(accessToken));
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    rp: { name: 'SEN Manager', id: 'localhost' },
    user: { id: expect.any(String), name: a.users.teacher.email },
    challenge: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    attestation: 'none',
    excludeCredentials: [],
  });
  const stored = await api.dataSource.query<{ challenge_hash: string }[]>('select challenge_hash from webauthn_challenges where user_id = $1', [
    a.users.teacher.id,
  ]);
  expect(stored.map((c) => c.challenge_hash)).not.toContain(res.body.challenge);
});

describe('a teacher with a passkey', () => {
  let token: string;
  let passkey: SoftPasskey;
  let passkeyId: string;

  beforeAll(async () => {
    token = (await api.login(a.users.teacher.email)).accessToken;
  });

  it('registers one, named; sees it listed; registration is audited; the same answer cannot be replayed', async () => {
    const registered = await registerPasskey(token);
    passkey = registered.passkey;
    expect(registered.res.status).toBe(201);
    expect(registered.res.body).toEqual({ id: expect.any(String), name: 'Work laptop', createdAt: expect.any(String), lastUsedAt: null });
    passkeyId = registered.res.body.id;
    const list = await api.http().get('/v1/me/passkeys').set(bearer(token));
    expect(list.body).toEqual([registered.res.body]);
    const replay = expectProblem(
      await api
        .http()
        .post('/v1/me/passkeys/verify')
        .set(bearer(token))
        .send({ name: 'Again', credential: passkey.register(registered.options) }),
      400,
    );
    expect(JSON.stringify(replay.errors)).toContain('credential');
    const senco = await api.login(a.users.senco.email);
    expect(await auditActions(senco.accessToken, a.school.id)).toContain('passkey.registered');
    // Already registered: the next options exclude it, so the browser does not make a second for this device.
    const again = await api.http().post('/v1/me/passkeys/options').set(bearer(token));
    expect(again.body.excludeCredentials).toEqual([{ id: passkey.credentialId, type: 'public-key', transports: ['internal'] }]);
  });

  it('a registration from another origin is refused and stores nothing', async () => {
    const { res } = await registerPasskey(token, new SoftPasskey('https://evil.example'));
    expectProblem(res, 400);
    expect((await api.http().get('/v1/me/passkeys').set(bearer(token))).body).toHaveLength(1);
  });

  it('sign-in options name no credential and require user verification', async () => {
    expect(await signInOptions()).toMatchObject({ rpId: 'localhost', allowCredentials: [], userVerification: 'required', challenge: expect.any(String) });
  });

  it('signs in with the passkey alone; the challenge cannot be used twice', async () => {
    const options = await signInOptions();
    const credential = passkey.assert(options);
    const res = await api.http().post('/v1/auth/passkey/verify').send({ credential });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer' });
    expect((await api.http().get('/v1/me/passkeys').set(bearer(res.body.accessToken))).body[0].lastUsedAt).toEqual(expect.any(String));
    const replay = expectProblem(await api.http().post('/v1/auth/passkey/verify').send({ credential }), 401);
    expect(replay.detail).toBe('The passkey was not accepted');
  });

  it('an unknown credential, a forged signature and a counter that goes backwards get the same refusal; the counter is audited', async () => {
    const unknown = expectProblem(await signIn(new SoftPasskey()), 401);
    const forged = new SoftPasskey();
    Object.assign(forged, { credentialId: passkey.credentialId, userHandle: passkey.userHandle });
    const badSignature = expectProblem(await signIn(forged, 50), 401);
    const backwards = expectProblem(await signIn(passkey, 0), 401);
    for (const refusal of [badSignature, backwards]) expect(refusal.detail).toBe(unknown.detail);
    const senco = await api.login(a.users.senco.email);
    expect(await auditActions(senco.accessToken, a.school.id)).toContain('passkey.counter_regressed');
    expect((await signIn(passkey, 100)).status).toBe(200);
  });

  it("another user's passkey cannot be removed (404); removing one's own is audited and ends its sign-in", async () => {
    const other = await api.login(a.users.senco.email);
    expectProblem(await api.http().delete(`/v1/me/passkeys/${passkeyId}`).set(bearer(other.accessToken)), 404);
    expectProblem(await api.http().delete(`/v1/me/passkeys/not-a-uuid`).set(bearer(token)), 400);
    expect((await api.http().delete(`/v1/me/passkeys/${passkeyId}`).set(bearer(token))).status).toBe(204);
    expectProblem(await api.http().delete(`/v1/me/passkeys/${passkeyId}`).set(bearer(token)), 404);
    expect(await auditActions(other.accessToken, a.school.id)).toContain('passkey.removed');
    expectProblem(await signIn(passkey), 401);
  });
});

it('a disabled user and a user with no school are refused with the same answer', async () => {
  const teacher = await addMember(api.dataSource, a.school.id, 'teacher');
  const { passkey } = await registerPasskey((await api.login(teacher.email)).accessToken);
  expect((await signIn(passkey)).status).toBe(200);
  await api.dataSource.query('update users set disabled_at = now() where id = $1', [teacher.id]);
  const disabled = expectProblem(await signIn(passkey), 401);
  expect(disabled.detail).toBe('The passkey was not accepted');

  const loner = await createUser(api.dataSource, `no-school-${Date.now()}@test.invalid`);
  const { passkey: lonely, res } = await registerPasskey((await api.login(loner.email, TEST_PASSWORD)).accessToken);
  expect(res.status).toBe(201);
  expect(expectProblem(await signIn(lonely), 401).detail).toBe('The passkey was not accepted');
});

it("a head's reset of a colleague's lost second factor removes their passkeys too: the lost device signs in no more", async () => {
  const c = await createTestSchool(api.dataSource);
  const { passkey } = await registerPasskey((await api.login(c.users.senco.email)).accessToken);
  expect((await signIn(passkey)).status).toBe(200);
  const head = (await api.login(c.users.head.email)).accessToken;
  const reset = await api.http().post(`/v1/schools/${c.school.id}/two-factor-resets`).set(bearer(head)).send({ email: c.users.senco.email });
  expect(reset.status).toBeLessThan(300);
  expectProblem(await signIn(passkey), 401);
  expect(
    (
      await api
        .http()
        .get('/v1/me/passkeys')
        .set(bearer((await api.login(c.users.senco.email)).accessToken))
    ).body,
  ).toEqual([]);
  const audit = (await api.http().get(`/v1/schools/${c.school.id}/audit-events`).set(bearer(head))).body.items as {
    action: string;
    details: Record<string, unknown>;
  }[];
  expect(audit.find((e) => e.action === 'two_factor.reset')?.details).toEqual({ passkeys: 1 });
});

it('a passkey with user verification meets a school policy that requires two-factor: no code is asked', async () => {
  const c = await createTestSchool(api.dataSource);
  const { passkey } = await registerPasskey((await api.login(c.users.senco.email)).accessToken);
  const head = await api.login(c.users.head.email);
  const policy = await api
    .http()
    .put(`/v1/schools/${c.school.id}/two-factor-policy`)
    .set(bearer(head.accessToken))
    .send({ roles: ['senco'] });
  expect(policy.status).toBe(200);
  const byPassword = await api.http().post('/v1/auth/login').send({ email: c.users.senco.email, password: TEST_PASSWORD });
  expect(byPassword.body).toMatchObject({ secondFactorRequired: true });
  const byPasskey = await signIn(passkey);
  expect(byPasskey.status).toBe(200);
  expect(byPasskey.body.accessToken).toEqual(expect.any(String));
  expect(byPasskey.body).not.toHaveProperty('secondFactorRequired');
});

it('the web variant sets the session cookie; no credential id or key reaches the logs', async () => {
  const { passkey } = await registerPasskey((await api.login(a.users.head.email)).accessToken);
  const res = await api
    .http()
    .post('/v1/auth/web/passkey/verify')
    .send({ credential: passkey.assert(await signInOptions()) });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ accessToken: expect.any(String), csrfToken: expect.any(String) });
  expect(res.body).not.toHaveProperty('refreshToken');
  expect(String(res.headers['set-cookie'])).toMatch(/sen_refresh=.*HttpOnly/);
  expect(api.logs.join('\n')).not.toContain(passkey.credentialId);
});

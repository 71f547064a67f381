import { TEST_PASSWORD, addMember, createTestSchool, createUser, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { totpCode } from './helpers/two-factor.js';

let api: TestApi;
let a: TestSchool;

beforeAll(async () => {
  api = await startTestApi();
  a = await createTestSchool(api.dataSource);
});
afterAll(() => api.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const password = (email: string) => api.http().post('/v1/auth/login').send({ email, password: TEST_PASSWORD });
const verify = (challengeToken: string, proof: Record<string, string>) =>
  api
    .http()
    .post('/v1/auth/two-factor/verify')
    .send({ challengeToken, ...proof });

/** Signs in with the password alone and sets up an authenticator app; returns its key and recovery codes. */
async function enrol(email: string): Promise<{ secret: string; recoveryCodes: string[]; firstCode: string }> {
  const { accessToken } = await api.login(email);
  const started = await api.http().post('/v1/me/two-factor/totp').set(bearer(accessToken));
  expect(started.status).toBe(200);
  const { secret, uri } = started.body as { secret: string; uri: string };
  expect(uri).toMatch(/^otpauth:\/\/totp\/SEN%20Manager:.*secret=/);
  const firstCode = totpCode(secret);
  const confirmed = await api.http().post('/v1/me/two-factor/totp/confirm').set(bearer(accessToken)).send({ code: firstCode });
  expect(confirmed.status).toBe(200);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes, firstCode };
}

describe('a SENCO with an authenticator app', () => {
  let secret: string;
  let recoveryCodes: string[];
  let firstCode: string;
  let usedCode: string;

  it('enrols: a wrong first code is refused, the right one turns it on with ten recovery codes; the key is stored sealed', async () => {
    const { accessToken } = await api.login(a.users.senco.email);
    await api.http().post('/v1/me/two-factor/totp').set(bearer(accessToken));
    const wrong = expectProblem(await api.http().post('/v1/me/two-factor/totp/confirm').set(bearer(accessToken)).send({ code: '12345' }), 400);
    expect(JSON.stringify(wrong.errors)).toContain('code');
    ({ secret, recoveryCodes, firstCode } = await enrol(a.users.senco.email));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const rows = await api.dataSource.query<{ secret_sealed: string }[]>('select secret_sealed from user_totp_factors where user_id = $1', [a.users.senco.id]);
    expect(rows[0]?.secret_sealed).toMatch(/^v1\./);
    expect(rows[0]?.secret_sealed).not.toContain(secret);
    const hashes = await api.dataSource.query<{ code_hash: string }[]>('select code_hash from user_recovery_codes where user_id = $1', [a.users.senco.id]);
    expect(hashes.map((h) => h.code_hash)).not.toContain(recoveryCodes[0]);
    const status = await api
      .http()
      .get('/v1/me/two-factor')
      .set(bearer((await verifyWithCode()).accessToken));
    expect(status.body).toEqual({ totp: 'on', recoveryCodesLeft: 10, required: false });
  });

  async function verifyWithCode(): Promise<{ accessToken: string }> {
    const first = await password(a.users.senco.email);
    usedCode = totpCode(secret, 1);
    const res = await verify(first.body.challengeToken, { code: usedCode });
    expect(res.status).toBe(200);
    return res.body;
  }

  it('signs in in two steps; a replayed code and a spent challenge are refused', async () => {
    const first = await password(a.users.senco.email);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ secondFactorRequired: true, challengeToken: expect.any(String), expiresIn: 300, enrolmentRequired: false });
    expect(first.body.accessToken).toBeUndefined();
    // The code that confirmed the app, and the one just used, were spent: the same step never opens twice.
    expectProblem(await verify(first.body.challengeToken, { code: firstCode }), 401);
    expectProblem(await verify(first.body.challengeToken, { code: usedCode }), 401);
    // The challenge is not a session.
    expectProblem(await api.http().get('/v1/me').set(bearer(first.body.challengeToken)), 401);
    const web = await api.http().post('/v1/auth/web/login').send({ email: a.users.senco.email, password: TEST_PASSWORD });
    expect(web.body.secondFactorRequired).toBe(true);
    expect(web.headers['set-cookie']).toBeUndefined();
    const recovered = await api.http().post('/v1/auth/web/two-factor/verify').send({ challengeToken: web.body.challengeToken, recoveryCode: recoveryCodes[1] });
    expect(recovered.status).toBe(200);
    expect(String(recovered.headers['set-cookie'])).toContain('sen_refresh=');
    expectProblem(await verify(web.body.challengeToken, { recoveryCode: recoveryCodes[2]! }), 401);
  });

  it('takes a recovery code once; the second use is refused', async () => {
    const once = await password(a.users.senco.email);
    const signedIn = await verify(once.body.challengeToken, { recoveryCode: recoveryCodes[0]!.toUpperCase() });
    expect(signedIn.status).toBe(200);
    expect((await api.http().get('/v1/me').set(bearer(signedIn.body.accessToken))).status).toBe(200);
    const again = await password(a.users.senco.email);
    expectProblem(await verify(again.body.challengeToken, { recoveryCode: recoveryCodes[0]! }), 401);
    const status = await api.http().get('/v1/me/two-factor').set(bearer(signedIn.body.accessToken));
    expect(status.body.recoveryCodesLeft).toBe(8);
    const fresh = await api.http().post('/v1/me/two-factor/recovery-codes').set(bearer(signedIn.body.accessToken));
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    expectProblem(await verify(again.body.challengeToken, { recoveryCode: recoveryCodes[3]! }), 401);
    expect((await verify(again.body.challengeToken, { recoveryCode: fresh.body.recoveryCodes[0] })).status).toBe(200);
  });
});

it('a parent may opt in; wrong codes are limited per account (429 with Retry-After, even for the right code)', async () => {
  const parent = await addMember(api.dataSource, a.school.id, 'parent');
  const { secret } = await enrol(parent.email);
  const challenge = (await password(parent.email)).body.challengeToken as string;
  const statuses: number[] = [];
  for (let i = 0; i < 6; i += 1) statuses.push((await verify(challenge, { code: '000000' })).status);
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  const limited = expectProblem(await verify(challenge, { code: totpCode(secret, 1) }), 429);
  expect(limited.status).toBe(429);
});

describe('the school policy and the head', () => {
  it('a school that requires two-factor for heads sends a head without it to enrolment, not in', async () => {
    const b = await createTestSchool(api.dataSource);
    const head = await api.login(b.users.head.email);
    expectProblem(
      await api
        .http()
        .put(`/v1/schools/${b.school.id}/two-factor-policy`)
        .set(bearer(head.accessToken))
        .send({ roles: ['head', 'pilot'] }),
      400,
    );
    const senco = await api.login(b.users.senco.email);
    expectProblem(await api.http().put(`/v1/schools/${b.school.id}/two-factor-policy`).set(bearer(senco.accessToken)).send({ roles: [] }), 403);
    const set = await api
      .http()
      .put(`/v1/schools/${b.school.id}/two-factor-policy`)
      .set(bearer(head.accessToken))
      .send({ roles: ['head'] });
    // A school outside a trust: nothing is added to its own choice.
    const policy = { roles: ['head'], trustRoles: [], effectiveRoles: ['head'] };
    expect(set.body).toEqual(policy);
    expect((await api.http().get(`/v1/schools/${b.school.id}/two-factor-policy`).set(bearer(senco.accessToken))).body).toEqual(policy);

    const first = await password(b.users.head.email);
    expect(first.body).toMatchObject({ secondFactorRequired: true, enrolmentRequired: true });
    expect(first.body.accessToken).toBeUndefined();
    expectProblem(await verify(first.body.challengeToken, { code: '123456' }), 401);
    const enrolled = await api.http().post('/v1/auth/two-factor/enrol').send({ challengeToken: first.body.challengeToken });
    expect(enrolled.status).toBe(200);
    const done = await verify(first.body.challengeToken, { code: totpCode(enrolled.body.secret) });
    expect(done.status).toBe(200);
    expect((await api.http().get('/v1/me/two-factor').set(bearer(done.body.accessToken))).body).toMatchObject({ totp: 'on', required: true });
    // Roles the policy does not name still sign in with the password alone.
    expect((await password(b.users.teacher.email)).body.accessToken).toEqual(expect.any(String));
  });

  it("a head resets a staff member's second factor (audited): they sign in and must enrol again", async () => {
    const c = await createTestSchool(api.dataSource);
    await enrol(c.users.senco.email);
    expect((await password(c.users.senco.email)).body.secondFactorRequired).toBe(true);
    const head = await api.login(c.users.head.email);
    const reset = (email: string, token = head.accessToken) =>
      api.http().post(`/v1/schools/${c.school.id}/two-factor-resets`).set(bearer(token)).send({ email });
    expectProblem(await reset(c.users.parent.email), 404);
    expectProblem(await reset(a.users.senco.email), 404);
    expectProblem(await reset(c.users.senco.email, (await api.login(c.users.teacher.email)).accessToken), 403);
    expect((await reset(c.users.senco.email)).status).toBe(204);
    const audit = await api.http().get(`/v1/schools/${c.school.id}/audit-events`).set(bearer(head.accessToken));
    expect(audit.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'two_factor.reset', entityId: c.users.senco.id, actorUserId: c.users.head.id })]),
    );
    const after = await password(c.users.senco.email);
    expect(after.body.accessToken).toEqual(expect.any(String));
    expect((await api.http().get('/v1/me/two-factor').set(bearer(after.body.accessToken))).body).toMatchObject({ totp: 'none', recoveryCodesLeft: 0 });
  });
});

it('platform admins always need a second factor; the test helper enrols and then spends recovery codes', async () => {
  const admin = await createUser(api.dataSource, `admin-mfa-${Date.now()}@test.invalid`, { isPlatformAdmin: true });
  expect((await password(admin.email)).body).toMatchObject({ secondFactorRequired: true, enrolmentRequired: true });
  for (let i = 0; i < 3; i += 1)
    expect(
      (
        await api
          .http()
          .get('/v1/me')
          .set(bearer((await api.login(admin.email)).accessToken))
      ).status,
    ).toBe(200);
  expect((await password(admin.email)).body).toMatchObject({ secondFactorRequired: true, enrolmentRequired: false });
});

it('logs neither emails nor codes', () => {
  const logs = api.logs.join('\n');
  expect(logs).not.toContain(a.users.senco.email);
  expect(logs).not.toMatch(/otpauth:|recoveryCode|challengeToken/);
});

import { Membership } from '#libs/auth';
import { TenantTransactions } from '#libs/database';
import { createTestSchool, createTrustWithLead, createUser, TEST_PASSWORD, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { startTestProvider, type TestProvider } from './helpers/oidc-provider.js';
import { freePort } from './helpers/ports.js';
import { bearer } from './helpers/register.js';

/**
 * Trust-wide sign-in policy (issue 21): the trust lead's identity provider signs in the staff of the trust's
 * schools that have none of their own, and the trust's two-factor roles are added to every school's policy.
 * Against real providers (oidc-provider) in this process, as test/sso.e2e.spec.ts.
 */
let api: TestApi;
let trustOp: TestProvider;
let schoolOp: TestProvider;
let trustId: string;
let trustName: string;
let leadEmail: string;
let plain: TestSchool; // in the trust, no SSO of its own
let own: TestSchool; // in the trust, with its own enabled SSO
const publicUrl = 'http://localhost:3000';
const callbackUri = `${publicUrl}/v1/auth/sso/callback`;

beforeAll(async () => {
  api = await startTestApi({ env: { PUBLIC_URL: publicUrl } });
  trustOp = await startTestProvider(await freePort(), callbackUri);
  schoolOp = await startTestProvider(await freePort(), callbackUri);
  const { trust, lead } = await createTrustWithLead(api.dataSource);
  trustId = trust.id;
  trustName = trust.name;
  leadEmail = lead.email;
  plain = await createTestSchool(api.dataSource, { trustId });
  own = await createTestSchool(api.dataSource, { trustId });
  const head = await api.login(own.users.head.email);
  const res = await api
    .http()
    .put(`/v1/schools/${own.school.id}/sso`)
    .set(bearer(head.accessToken))
    .send({ issuer: schoolOp.issuer, clientId: schoolOp.clientId, clientSecret: schoolOp.clientSecret, allowedDomains: ['test.invalid'], enabled: true });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await trustOp.close();
  await schoolOp.close();
  await api.close();
});

const leadToken = async () => (await api.login(leadEmail)).accessToken;
const trustSso = (body: Record<string, unknown>) => ({
  issuer: trustOp.issuer,
  clientId: trustOp.clientId,
  allowedDomains: ['test.invalid'],
  enabled: true,
  ...body,
});

/** Through the start URL of a school (`school=…`) or a trust (`trust=…`), as the login page's choice gives it. */
async function ssoSignIn(schoolId: string, op: TestProvider, accountId: string, startQuery = `school=${schoolId}`) {
  const start = await api.http().get(`/v1/auth/sso/start?${startQuery}`);
  expect(start.status).toBe(302);
  const cookie = ((start.headers['set-cookie'] as unknown as string[])[0] ?? '').split(';')[0]!;
  const back = await op.signIn(start.headers.location as string, accountId);
  return { start, res: await api.http().get(`/v1/auth/sso/callback${back.search}`).set('cookie', cookie) };
}

describe('trust single sign-on', () => {
  it('the trust lead sets it up; the secret never comes back; each school of the trust audits the change', async () => {
    const token = await leadToken();
    const put = await api
      .http()
      .put(`/v1/trusts/${trustId}/sso`)
      .set(bearer(token))
      .send(trustSso({ clientSecret: trustOp.clientSecret }));
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ configured: true, issuer: trustOp.issuer, hasClientSecret: true, allowedDomains: ['test.invalid'], enabled: true });
    const get = await api.http().get(`/v1/trusts/${trustId}/sso`).set(bearer(token));
    expect(get.body).toMatchObject({ configured: true, clientId: trustOp.clientId, redirectUri: callbackUri });
    expect(JSON.stringify(get.body)).not.toContain(trustOp.clientSecret);
    const head = await api.login(plain.users.head.email);
    const audit = await api.http().get(`/v1/schools/${plain.school.id}/audit-events`).set(bearer(head.accessToken));
    const event = (audit.body.items as { action: string; entityId: string }[]).find((e) => e.action === 'sso.trust_config_created');
    expect(event?.entityId).toBe(trustId);
  });

  it('the first setup needs a secret, and a bad domain is a 400 naming the field', async () => {
    const { trust, lead } = await createTrustWithLead(api.dataSource);
    await createTestSchool(api.dataSource, { trustId: trust.id });
    const token = (await api.login(lead.email)).accessToken;
    expectProblem(await api.http().put(`/v1/trusts/${trust.id}/sso`).set(bearer(token)).send(trustSso({})), 400);
    const bad = await api
      .http()
      .put(`/v1/trusts/${trustId}/sso`)
      .set(bearer(await leadToken()))
      .send(trustSso({ allowedDomains: ['not a domain'] }));
    expectProblem(bad, 400);
    expect(JSON.stringify(bad.body)).toContain('allowedDomains');
  });

  it('discovery offers the trust once for all the schools it covers, and a school with its own provider by itself', async () => {
    const res = await api.http().post('/v1/auth/sso/discover').send({ email: 'someone@test.invalid' });
    expect(res.status).toBe(200);
    const choices = res.body.choices as { kind: string; id: string; name: string; startUrl: string }[];
    expect(choices).toEqual(
      expect.arrayContaining([
        { kind: 'trust', id: trustId, name: trustName, startUrl: `/v1/auth/sso/start?trust=${trustId}` },
        { kind: 'school', id: own.school.id, name: own.school.name, startUrl: `/v1/auth/sso/start?school=${own.school.id}` },
      ]),
    );
    // The school the trust covers is not a line of its own.
    expect(choices.map((c) => c.id)).not.toContain(plain.school.id);
  });

  it("through the trust's line: a covered school's teacher and the trust lead sign in; a school with its own provider's staff do not", async () => {
    const viaTrust = `trust=${trustId}`;
    trustOp.accounts.set('trust-line-teacher', { email: plain.users.teacher.email, emailVerified: true });
    const { start, res } = await ssoSignIn(plain.school.id, trustOp, 'trust-line-teacher', viaTrust);
    expect((start.headers.location as string).startsWith(trustOp.issuer)).toBe(true);
    expect(res.headers.location).toBe(`${publicUrl}/app`);
    trustOp.accounts.set('trust-line-lead', { email: leadEmail, emailVerified: true });
    expect((await ssoSignIn(plain.school.id, trustOp, 'trust-line-lead', viaTrust)).res.headers.location).toBe(`${publicUrl}/app`);
    // The school with its own enabled provider signs its staff in with that one, not the trust's.
    trustOp.accounts.set('trust-line-own', { email: own.users.teacher.email, emailVerified: true });
    expect((await ssoSignIn(plain.school.id, trustOp, 'trust-line-own', viaTrust)).res.headers.location).toBe(`${publicUrl}/app/login?sso=refused`);
    expect(api.logs.filter((l) => l.includes('sso sign-in refused')).at(-1)).toContain(`no_staff_membership trust=${trustId}`);
  });

  it('the start names exactly one of school and trust; a trust with no enabled provider is a 404', async () => {
    const both = await api.http().get(`/v1/auth/sso/start?school=${plain.school.id}&trust=${trustId}`);
    expectProblem(both, 400);
    expect(JSON.stringify(both.body)).toContain('trust');
    const neither = await api.http().get('/v1/auth/sso/start');
    expectProblem(neither, 400);
    expect(JSON.stringify(neither.body)).toContain('school');
    expectProblem(await api.http().get(`/v1/auth/sso/start?trust=nope`), 400);
    const bare = await createTrustWithLead(api.dataSource);
    expectProblem(await api.http().get(`/v1/auth/sso/start?trust=${bare.trust.id}`), 404);
  });

  it("the platform admin's school status says whose provider signs each school in", async () => {
    const user = await createUser(api.dataSource, `admin-${Date.now()}@test.invalid`, { isPlatformAdmin: true });
    const status = await api
      .http()
      .get('/v1/admin/school-status')
      .set(bearer((await api.login(user.email)).accessToken));
    const row = (id: string) => (status.body as { id: string; ssoEnabled: boolean; ssoSource: string | null }[]).find((s) => s.id === id);
    expect(row(plain.school.id)).toMatchObject({ ssoEnabled: true, ssoSource: 'trust' });
    expect(row(own.school.id)).toMatchObject({ ssoEnabled: true, ssoSource: 'school' });
  });

  it("a teacher of a trust school with no config of its own signs in through the trust's provider", async () => {
    trustOp.accounts.set('plain-teacher', { email: plain.users.teacher.email, emailVerified: true });
    const { start, res } = await ssoSignIn(plain.school.id, trustOp, 'plain-teacher');
    expect((start.headers.location as string).startsWith(trustOp.issuer)).toBe(true);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${publicUrl}/app`);
    expect(((res.headers['set-cookie'] as unknown as string[]) ?? []).some((c) => c.startsWith('sen_refresh=') && !c.startsWith('sen_refresh=;'))).toBe(true);
  });

  it("a school's own enabled config wins over the trust's", async () => {
    schoolOp.accounts.set('own-teacher', { email: own.users.teacher.email, emailVerified: true });
    const { start, res } = await ssoSignIn(own.school.id, schoolOp, 'own-teacher');
    expect((start.headers.location as string).startsWith(schoolOp.issuer)).toBe(true);
    expect(res.headers.location).toBe(`${publicUrl}/app`);
  });

  it('refuses a user from a domain the trust does not allow, and a person with no membership at the school', async () => {
    const stranger = await createUser(api.dataSource, `teacher-${Date.now()}@elsewhere.invalid`);
    await new TenantTransactions(api.dataSource).run({ schoolIds: [plain.school.id] }, (m) =>
      m.insert(Membership, { schoolId: plain.school.id, userId: stranger.id, role: 'teacher' }),
    );
    trustOp.accounts.set('elsewhere', { email: stranger.email, emailVerified: true });
    expect((await ssoSignIn(plain.school.id, trustOp, 'elsewhere')).res.headers.location).toBe(`${publicUrl}/app/login?sso=refused`);
    expect(api.logs.filter((l) => l.includes('sso sign-in refused')).at(-1)).toContain('domain_not_allowed');
    // The teacher of the other trust school has no membership here: no self-sign-up.
    trustOp.accounts.set('not-here', { email: own.users.teacher.email, emailVerified: true });
    expect((await ssoSignIn(plain.school.id, trustOp, 'not-here')).res.headers.location).toBe(`${publicUrl}/app/login?sso=refused`);
    expect(api.logs.filter((l) => l.includes('sso sign-in refused')).at(-1)).toContain('no_staff_membership');
  });
});

describe("another trust's lead and the school's staff", () => {
  it("another trust's lead gets a 404 reading or writing this trust's settings, and nothing changes", async () => {
    const other = await createTrustWithLead(api.dataSource);
    await createTestSchool(api.dataSource, { trustId: other.trust.id });
    const token = (await api.login(other.lead.email)).accessToken;
    expectProblem(await api.http().get(`/v1/trusts/${trustId}/sso`).set(bearer(token)), 404);
    expectProblem(
      await api
        .http()
        .put(`/v1/trusts/${trustId}/sso`)
        .set(bearer(token))
        .send(trustSso({ clientId: 'hijack' })),
      404,
    );
    expectProblem(await api.http().get(`/v1/trusts/${trustId}/two-factor-policy`).set(bearer(token)), 404);
    expectProblem(await api.http().put(`/v1/trusts/${trustId}/two-factor-policy`).set(bearer(token)).send({ roles: [] }), 404);
    expectProblem(await api.http().get(`/v1/trusts/not-a-uuid/sso`).set(bearer(token)), 404);
    const get = await api
      .http()
      .get(`/v1/trusts/${trustId}/sso`)
      .set(bearer(await leadToken()));
    expect(get.body.clientId).toBe(trustOp.clientId);
  });

  it("a school's head may not change the trust's settings", async () => {
    const head = await api.login(plain.users.head.email);
    expectProblem(await api.http().put(`/v1/trusts/${trustId}/two-factor-policy`).set(bearer(head.accessToken)).send({ roles: [] }), 403);
  });
});

describe('trust two-factor policy', () => {
  it('requiring head sends a head with no second factor to enrolment, though the school policy is empty', async () => {
    const before = await api.http().post('/v1/auth/login').send({ email: plain.users.head.email, password: TEST_PASSWORD });
    expect(before.body.secondFactorRequired).toBeUndefined();
    const put = await api
      .http()
      .put(`/v1/trusts/${trustId}/two-factor-policy`)
      .set(bearer(await leadToken()))
      .send({ roles: ['head'] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ roles: ['head'] });
    const after = await api.http().post('/v1/auth/login').send({ email: plain.users.head.email, password: TEST_PASSWORD });
    expect(after.body).toMatchObject({ secondFactorRequired: true, enrolmentRequired: true });
    // A teacher is not named by either policy.
    const teacher = await api.http().post('/v1/auth/login').send({ email: plain.users.teacher.email, password: TEST_PASSWORD });
    expect(teacher.body.secondFactorRequired).toBeUndefined();
  });

  it("the school's settings show the trust's roles as fixed; the head cannot remove them from the effective policy", async () => {
    const head = await api.login(plain.users.head.email);
    const cleared = await api.http().put(`/v1/schools/${plain.school.id}/two-factor-policy`).set(bearer(head.accessToken)).send({ roles: [] });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ roles: [], trustRoles: ['head'], effectiveRoles: ['head'] });
    const senco = await api.login(plain.users.senco.email);
    const seen = await api.http().get(`/v1/schools/${plain.school.id}/two-factor-policy`).set(bearer(senco.accessToken));
    expect(seen.body).toEqual({ roles: [], trustRoles: ['head'], effectiveRoles: ['head'] });
    const again = await api.http().post('/v1/auth/login').send({ email: plain.users.head.email, password: TEST_PASSWORD });
    expect(again.body).toMatchObject({ secondFactorRequired: true });
  });
});

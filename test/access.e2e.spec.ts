import { Controller, Get } from '@nestjs/common';
import { createTestSchool, createTrustWithLead, createUser, TEST_PASSWORD, type TestSchool } from '#libs/testing';
import { TenantTransactions } from '#libs/database';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';

/** A route that forgot to declare who may call it: the guard must refuse it. */
@Controller({ path: 'forgotten', version: '1' })
class ForgottenPolicyController {
  @Get()
  secret() {
    return { leaked: true };
  }
}

let api: TestApi;
let a: TestSchool;
let b: TestSchool;
const tokens = new Map<string, string>();
let trustLeadOfA: string;
let trustLeadElsewhere: string;
let admin: string;

async function tokenFor(email: string) {
  if (!tokens.has(email)) tokens.set(email, (await api.login(email, TEST_PASSWORD)).accessToken);
  return tokens.get(email)!;
}

beforeAll(async () => {
  api = await startTestApi({ extraControllers: [ForgottenPolicyController] });
  const { trust, lead } = await createTrustWithLead(api.dataSource);
  const other = await createTrustWithLead(api.dataSource);
  a = await createTestSchool(api.dataSource, { trustId: trust.id });
  b = await createTestSchool(api.dataSource);
  trustLeadOfA = lead.email;
  trustLeadElsewhere = other.lead.email;
  admin = (await createUser(api.dataSource, `admin-${Date.now()}@test.invalid`, { isPlatformAdmin: true })).email;
});
afterAll(() => api.close());

const get = async (path: string, email: string) =>
  api
    .http()
    .get(path)
    .set('authorization', `Bearer ${await tokenFor(email)}`);

describe('every role on a school-scoped route', () => {
  // The audit log: the school's SENCO and head only.
  const cases: [string, () => string, number][] = [
    ['senco', () => a.users.senco.email, 200],
    ['head', () => a.users.head.email, 200],
    ['teacher', () => a.users.teacher.email, 403],
    ['parent', () => a.users.parent.email, 403],
    ['trust lead of the school’s trust', () => trustLeadOfA, 403],
    ['platform admin', () => admin, 403],
    ['SENCO of another school', () => b.users.senco.email, 404],
    ['trust lead of another trust', () => trustLeadElsewhere, 404],
  ];
  it.each(cases)('audit log, %s → %i', async (_who, email, status) => {
    const res = await get(`/v1/schools/${a.school.id}/audit-events`, email());
    if (status === 200) expect(res.status).toBe(200);
    else expectProblem(res, status);
  });

  const schoolCases: [string, () => string, number][] = [
    ['senco', () => a.users.senco.email, 200],
    ['head', () => a.users.head.email, 200],
    ['teacher', () => a.users.teacher.email, 200],
    ['parent', () => a.users.parent.email, 200],
    ['trust lead of the school’s trust', () => trustLeadOfA, 200],
    ['platform admin', () => admin, 200],
    ['head of another school', () => b.users.head.email, 404],
    ['parent of another school', () => b.users.parent.email, 404],
    ['trust lead of another trust', () => trustLeadElsewhere, 404],
  ];
  it.each(schoolCases)('school details, %s → %i', async (_who, email, status) => {
    const res = await get(`/v1/schools/${a.school.id}`, email());
    if (status === 200) expect(res.body).toMatchObject({ id: a.school.id, urn: a.school.urn });
    else expect(expectProblem(res, status)).not.toHaveProperty('urn');
  });

  it('an id that is not a uuid, or of no school, is 404 like any school the caller cannot see', async () => {
    expectProblem(await get('/v1/schools/not-a-uuid', a.users.senco.email), 404);
    expectProblem(await get('/v1/schools/00000000-0000-4000-8000-000000000000', a.users.senco.email), 404);
  });
});

describe('platform administration', () => {
  const body = () => ({
    urn: String(100000 + Math.floor(Math.random() * 899999)),
    name: 'New School',
    phase: 'secondary',
    laCode: '330',
    laName: 'Birmingham',
  });
  it.each([
    ['senco', () => a.users.senco.email],
    ['head', () => a.users.head.email],
    ['trust lead', () => trustLeadOfA],
  ])('a %s cannot create schools (403)', async (_who, email) => {
    const res = await api
      .http()
      .post('/v1/admin/schools')
      .set('authorization', `Bearer ${await tokenFor(email())}`)
      .send(body());
    expectProblem(res, 403);
  });

  it('an admin creates a school, and a duplicate URN is a 409 naming the field', async () => {
    const auth = { authorization: `Bearer ${await tokenFor(admin)}` };
    const input = body();
    const created = await api.http().post('/v1/admin/schools').set(auth).send(input);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ urn: input.urn, timezone: 'Europe/London' });
    const again = await api.http().post('/v1/admin/schools').set(auth).send(input);
    expect(expectProblem(again, 409).errors).toEqual([{ field: 'urn', message: 'urn is already registered' }]);
  });

  it('a school keeps the time zone it was made with: the database refuses to change it', async () => {
    // Each API process keeps the zones it has read (libs/register/school-today.ts); this is what makes that exact.
    const schoolId = a.school.id;
    const update = (sql: string) =>
      new TenantTransactions(api.dataSource).run({ schoolIds: [schoolId], pupilAccess: 'all' }, (m) => m.query<{ timezone: string }[]>(sql, [schoolId]));
    // An UPDATE's result is [rows, count].
    expect(await update(`update schools set timezone = timezone, name = name where id = $1 returning timezone`)).toEqual([[{ timezone: 'Europe/London' }], 1]);
    await expect(update(`update schools set timezone = 'America/New_York' where id = $1 returning timezone`)).rejects.toThrow(
      "a school's time zone is set when it is provisioned and does not change",
    );
    expect(await update(`select timezone from schools where id = $1`)).toEqual([{ timezone: 'Europe/London' }]);
  });
});

describe('deny by default and problem+json', () => {
  it('refuses a route that declares no policy, even for an authenticated admin', async () => {
    const res = await get('/v1/forgotten', admin);
    expect(expectProblem(res, 403).detail).toMatch(/no access policy/);
    expect(res.body).not.toHaveProperty('leaked');
  });

  it('400 lists each invalid field and rejects unknown ones', async () => {
    const res = await api
      .http()
      .post('/v1/admin/schools')
      .set('authorization', `Bearer ${await tokenFor(admin)}`)
      .send({ urn: '12', phase: 'castle', schoolId: 'x' });
    const fields = (expectProblem(res, 400).errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['urn', 'name', 'phase', 'laCode', 'laName', 'schoolId']));
  });

  it('401 for no token, 403 for the wrong role, 404 for an unknown route', async () => {
    expectProblem(await api.http().get(`/v1/schools/${a.school.id}`), 401);
    expectProblem(await get(`/v1/schools/${a.school.id}/invitations`, a.users.teacher.email), 403);
    expectProblem(await api.http().get('/v1/no-such-thing'), 404);
  });

  it('a malformed JSON body is a 400 problem', async () => {
    const res = await api.http().post('/v1/auth/login').set('content-type', 'application/json').send('{"email":');
    expectProblem(res, 400);
  });
});

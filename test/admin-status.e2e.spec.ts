import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TenantTransactions } from '#libs/database';
import { addMember, createTestSchool, createTrustWithLead, createUser, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { addPupil, bearer } from './helpers/register.js';

/**
 * The platform admin's screens: each school's status as counts (staff, SENCOs, heads, SSO on), and no admin
 * route, present or future (every GET under /v1/admin in openapi.json), returns anything of a pupil.
 */
let api: TestApi;
let fixture: TestSchool;
let admin: string;
let adminId: string;
const pupilName = { legalFirstName: 'Zephyrine', legalLastName: `Quillon${randomUUID().slice(0, 6)}` };
let pupil: { id: string; upn: string };

beforeAll(async () => {
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
  await addMember(api.dataSource, fixture.school.id, 'teacher');
  const senco = (await api.login(fixture.users.senco.email)).accessToken;
  pupil = await addPupil(api, senco, fixture.school.id, pupilName);
  const user = await createUser(api.dataSource, `admin-${randomUUID().slice(0, 8)}@test.invalid`, { isPlatformAdmin: true });
  adminId = user.id;
  admin = (await api.login(user.email)).accessToken;
});
afterAll(() => api.close());

it('lists every school with its staff counts and whether it is set up', async () => {
  const res = await api.http().get('/v1/admin/school-status').set(bearer(admin));
  expect(res.status).toBe(200);
  const row = (res.body as { id: string }[]).find((s) => s.id === fixture.school.id);
  expect(row).toEqual({
    id: fixture.school.id,
    urn: fixture.school.urn,
    name: fixture.school.name,
    trustId: null,
    staff: 4,
    sencos: 1,
    heads: 1,
    ssoEnabled: false,
    ssoSource: null,
    setUp: true,
  });
  const bare = await api
    .http()
    .post('/v1/admin/schools')
    .set(bearer(admin))
    .send({ urn: String(100000 + Math.floor(Math.random() * 899999)), name: 'Empty School', phase: 'primary', laCode: '801', laName: 'Bristol' });
  expect(bare.status).toBe(201);
  const again = await api.http().get('/v1/admin/school-status').set(bearer(admin));
  expect((again.body as { id: string }[]).find((s) => s.id === bare.body.id)).toMatchObject({ staff: 0, setUp: false });
  const audit = await new TenantTransactions(api.dataSource).run({ schoolIds: [bare.body.id as string] }, (m) =>
    m.query<{ action: string; actor_user_id: string }[]>(`select action, actor_user_id from audit_events where school_id = $1`, [bare.body.id]),
  );
  expect(audit).toEqual([{ action: 'admin.school_created', actor_user_id: adminId }]);
});

it("is the platform admin's alone", async () => {
  expectProblem(
    await api
      .http()
      .get('/v1/admin/school-status')
      .set(bearer((await api.login(fixture.users.head.email)).accessToken)),
    403,
  );
  expectProblem(await api.http().get('/v1/admin/school-status'), 401);
});

it('no admin route returns pupil data', async () => {
  const spec = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const gets = Object.entries(spec.paths)
    .filter(([path, methods]) => path.startsWith('/v1/admin') && 'get' in methods)
    .map(([path]) => path);
  expect(gets).toEqual(expect.arrayContaining(['/v1/admin/schools', '/v1/admin/school-status']));
  // A route of one trust is asked about a trust of the school's, with a lead (their name and email are staff data).
  const { trust } = await createTrustWithLead(api.dataSource);
  for (const template of gets) {
    const path = template.replace('{trustId}', trust.id);
    expect({ path, unfilled: /[{}]/.test(path) }).toEqual({ path, unfilled: false });
    const res = await api.http().get(path).set(bearer(admin));
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    const text = JSON.stringify(res.body);
    for (const secret of [pupil.id, pupil.upn, pupilName.legalFirstName, pupilName.legalLastName])
      expect({ path, leaks: text.includes(secret) }).toEqual({ path, leaks: false });
  }
});

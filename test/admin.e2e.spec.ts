import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { addMember, createTestSchool, createTrustWithLead, createUser, type TestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from './helpers/api.js';
import { addPupil, bearer } from './helpers/register.js';

/**
 * Platform administration is a wall both ways: no school role (SENCO, head, teacher, trust lead) reaches any
 * /v1/admin route, and the platform admin reaches no pupil route of any school.
 */
let api: TestApi;
let fixture: TestSchool;
let admin: string;
let pupilId: string;
let leadEmail: string;

const spec = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
const adminRoutes = Object.entries(spec.paths)
  .filter(([path]) => path.startsWith('/v1/admin'))
  .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ path, method })));

beforeAll(async () => {
  api = await startTestApi();
  const { trust, lead } = await createTrustWithLead(api.dataSource);
  leadEmail = lead.email;
  fixture = await createTestSchool(api.dataSource, { trustId: trust.id });
  const senco = (await api.login(fixture.users.senco.email)).accessToken;
  pupilId = (await addPupil(api, senco, fixture.school.id, { legalFirstName: 'Ottoline', legalLastName: `Brack${randomUUID().slice(0, 6)}` })).id;
  const user = await createUser(api.dataSource, `admin-${randomUUID().slice(0, 8)}@test.invalid`, { isPlatformAdmin: true });
  admin = (await api.login(user.email)).accessToken;
});
afterAll(() => api.close());

it("refuses every /v1/admin route to school staff and the school's own trust lead", async () => {
  expect(adminRoutes.length).toBeGreaterThanOrEqual(5);
  const teacher = await addMember(api.dataSource, fixture.school.id, 'teacher');
  const emails = [fixture.users.senco.email, fixture.users.head.email, teacher.email, leadEmail];
  expect(new Set(adminRoutes.map((r) => r.method))).toEqual(new Set(['get', 'post', 'delete']));
  for (const email of emails) {
    const token = (await api.login(email)).accessToken;
    for (const { path, method } of adminRoutes) {
      const http = api.http();
      const req =
        method === 'post' ? http.post(path).send({}) : method === 'delete' ? http.delete(path) : method === 'put' ? http.put(path).send({}) : http.get(path);
      const res = await req.set(bearer(token));
      expect({ path, method, status: res.status }).toEqual({ path, method, status: 403 });
    }
  }
});

it("gives the platform admin no pupil route of a school's", async () => {
  const pupilGets = Object.entries(spec.paths)
    .filter(([path, methods]) => path.includes('/pupils') && 'get' in methods)
    .map(([path]) => path.replace('{schoolId}', fixture.school.id).replace('{pupilId}', pupilId));
  expect(pupilGets).toContain(`/v1/schools/${fixture.school.id}/pupils/${pupilId}`);
  for (const path of pupilGets.filter((p) => !p.includes('{'))) {
    const res = await api.http().get(path).set(bearer(admin));
    expect({ path, refused: [403, 404].includes(res.status) }).toEqual({ path, refused: true });
  }
});

import jwt from 'jsonwebtoken';
import { Membership, RefreshSession } from '#libs/auth';
import { TenantTransactions } from '#libs/database';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { addPupil, bearer } from './helpers/register.js';

/**
 * A GET of a session this API process served before starts from the principal it loaded then, and its
 * transaction has the database confirm it in its first round trip (apps/api/http/jwt.strategy.ts,
 * docs/security.md 7.4.1). Whatever changed in between, the request is answered on the database's principal.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const register = (fixture: TestSchool, token: string) => api.http().get(`/v1/schools/${fixture.school.id}/register?status=K,E,N`).set(bearer(token));

/** Changes a school's memberships as its own staff pages would: in a transaction scoped to that school. */
const inSchool = (fixture: TestSchool, work: Parameters<TenantTransactions['run']>[1]) =>
  new TenantTransactions(api.dataSource).run({ schoolIds: [fixture.school.id] }, work);

it('a session ended after the process remembered it: the next GET is refused and shows nothing', async () => {
  const fixture = await createTestSchool(api.dataSource);
  const session = await api.login(fixture.users.senco.email);
  await addPupil(api, session.accessToken, fixture.school.id);
  expect((await register(fixture, session.accessToken)).status).toBe(200);
  expect((await api.http().post('/v1/auth/logout').send({ refreshToken: session.refreshToken })).status).toBe(204);
  const refused = await register(fixture, session.accessToken);
  expect(expectProblem(refused, 401).detail).toBe('Session has ended; sign in again');
  expect(refused.body).not.toHaveProperty('items');
});

it('a membership removed after the process remembered it: the school is not found', async () => {
  const fixture = await createTestSchool(api.dataSource);
  const { accessToken } = await api.login(fixture.users.senco.email);
  await addPupil(api, accessToken, fixture.school.id);
  expect((await register(fixture, accessToken)).status).toBe(200);
  await inSchool(fixture, (m) => m.delete(Membership, { schoolId: fixture.school.id, userId: fixture.users.senco.id }));
  const refused = await register(fixture, accessToken);
  expectProblem(refused, 404);
  expect(refused.body).not.toHaveProperty('items');
});

it('a role gained after the process remembered the principal: the route is decided again on the database’s', async () => {
  const fixture = await createTestSchool(api.dataSource);
  const { accessToken } = await api.login(fixture.users.teacher.email);
  expectProblem(await register(fixture, accessToken), 403); // teachers do not see the whole register
  await inSchool(fixture, (m) => m.insert(Membership, { schoolId: fixture.school.id, userId: fixture.users.teacher.id, role: 'senco' }));
  expect((await register(fixture, accessToken)).status).toBe(200);
});

it('a role changed but still allowed: the request runs again on the database’s principal, and answers as a fresh one would', async () => {
  const fixture = await createTestSchool(api.dataSource);
  const { accessToken } = await api.login(fixture.users.head.email);
  const sencoToken = (await api.login(fixture.users.senco.email)).accessToken;
  const pupil = await addPupil(api, sencoToken, fixture.school.id);
  expect((await register(fixture, accessToken)).status).toBe(200);
  // The head is now the SENCO as well: the remembered principal (head only) is no longer the database's.
  await inSchool(fixture, (m) => m.insert(Membership, { schoolId: fixture.school.id, userId: fixture.users.head.id, role: 'senco' }));
  const again = await register(fixture, accessToken);
  expect(again.status).toBe(200);
  expect(again.body.items.map((row: { pupilId: string }) => row.pupilId)).toEqual([pupil.id]);
  // And the principal it answered on is remembered: the same GET again is answered the same.
  expect((await register(fixture, accessToken)).body).toEqual(again.body);
});

it('a change the process did not see is confirmed before anything is answered: a write of the GET rolls back', async () => {
  const fixture = await createTestSchool(api.dataSource);
  const session = await api.login(fixture.users.senco.email);
  const pupil = await addPupil(api, session.accessToken, fixture.school.id);
  const read = () => api.http().get(`/v1/schools/${fixture.school.id}/pupils/${pupil.id}`).set(bearer(session.accessToken));
  expect((await read()).status).toBe(200);
  const logged = async () =>
    Number(
      (
        await new TenantTransactions(api.dataSource).run({ schoolIds: [fixture.school.id], pupilAccess: 'all' }, (m) =>
          m.query<{ n: string }[]>(`select count(*) as n from access_events where school_id = $1`, [fixture.school.id]),
        )
      )[0]?.n,
    );
  const before = await logged();
  expect(before).toBeGreaterThan(0); // the first read was logged: this route writes as it reads
  // Revoked behind this process's back (by another API process, say): only the database knows.
  const { sid } = jwt.decode(session.accessToken) as { sid: string };
  await new TenantTransactions(api.dataSource).run({ schoolIds: [] }, (m) =>
    m.update(RefreshSession, { familyId: sid }, { revokedAt: new Date(), revokedReason: 'logout' }),
  );
  expectProblem(await read(), 401);
  expect(await logged()).toBe(before);
});

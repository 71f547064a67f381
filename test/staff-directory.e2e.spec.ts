import { addMember, createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { bearer } from './helpers/register.js';

let api: TestApi;
let fixture: TestSchool;
let senco: string;
let head: string;

beforeAll(async () => {
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
  senco = (await api.login(fixture.users.senco.email)).accessToken;
  head = (await api.login(fixture.users.head.email)).accessToken;
});
afterAll(() => api.close());

const path = (rest = '') => `/v1/schools/${fixture.school.id}/staff-directory${rest}`;
const directory = async (token: string, query = '') => {
  const res = await api.http().get(path(query)).set(bearer(token));
  expect(res.status).toBe(200);
  return res.body as {
    staff: { userId: string | null; email: string; roles: string[]; status: string; lastSignInAt: string | null; classNames: string[] }[];
    parentAccounts: number;
  };
};

describe('staff directory', () => {
  it('lists the staff with roles, classes and last sign-in, counts parents, and filters by role and status', async () => {
    await api
      .http()
      .put(`/v1/schools/${fixture.school.id}/staff/${fixture.users.teacher.id}/classes`)
      .set(bearer(senco))
      .send({ classNames: ['4B'] })
      .expect(200);
    await api.login(fixture.users.teacher.email);
    const invited = await api
      .http()
      .post(`/v1/schools/${fixture.school.id}/invitations`)
      .set(bearer(senco))
      .send({ email: 'new-ta@test.invalid', role: 'teacher' });
    expect(invited.status).toBe(201);

    const all = await directory(senco);
    expect(all.parentAccounts).toBe(1);
    expect(all.staff.map((s) => s.email)).not.toContain(fixture.users.parent.email);
    const teacher = all.staff.find((s) => s.userId === fixture.users.teacher.id);
    expect(teacher).toMatchObject({ roles: ['teacher'], classNames: ['4B'], status: 'active' });
    expect(teacher?.lastSignInAt).not.toBeNull();
    expect(all.staff.find((s) => s.email === 'new-ta@test.invalid')).toMatchObject({ status: 'invited', userId: null, roles: ['teacher'] });

    const heads = await directory(head, '?role=head');
    expect(heads.staff.map((s) => s.userId)).toEqual([fixture.users.head.id]);
    const pending = await directory(senco, '?status=invited');
    expect(pending.staff.map((s) => s.email)).toEqual(['new-ta@test.invalid']);
    expectProblem(await api.http().get(path('?status=gone')).set(bearer(senco)), 400);
    expectProblem(
      await api
        .http()
        .get(path())
        .set(bearer((await api.login(fixture.users.teacher.email)).accessToken)),
      403,
    );
  });

  it('role changes follow the invitation rules and are audited', async () => {
    const member = await addMember(api.dataSource, fixture.school.id, 'teacher');
    const set = (token: string, roles: string[]) =>
      api
        .http()
        .put(path(`/${member.id}/roles`))
        .set(bearer(token))
        .send({ roles });

    // A SENCO may make a teacher a SENCO but not a head; a head may.
    expect((await set(senco, ['teacher', 'senco'])).body).toEqual({ roles: ['senco', 'teacher'] });
    expectProblem(await set(senco, ['head']), 403);
    expect((await set(head, ['head'])).body).toEqual({ roles: ['head'] });
    // A SENCO may not take the head role away either.
    expectProblem(await set(senco, ['teacher']), 403);
    expect(expectProblem(await set(head, []), 400).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'roles' })]));
    expectProblem(await set(head, ['parent']), 400);
    expectProblem(
      await api
        .http()
        .put(path(`/${fixture.users.head.id}/roles`))
        .set(bearer(head))
        .send({ roles: ['teacher'] }),
      403,
    );
    expectProblem(
      await api
        .http()
        .put(path(`/${fixture.users.parent.id}/roles`))
        .set(bearer(head))
        .send({ roles: ['teacher'] }),
      404,
    );

    const audit = await api.http().get(`/v1/schools/${fixture.school.id}/audit-events`).set(bearer(head));
    const changes = (audit.body.items as { action: string; entityId: string }[]).filter((e) => e.action === 'staff.roles_changed' && e.entityId === member.id);
    expect(changes).toHaveLength(2);
  });

  it('a leaver loses access at once, keeps their history and leaves their groups flagged', async () => {
    const leaver = await addMember(api.dataSource, fixture.school.id, 'teacher');
    const token = (await api.login(leaver.email)).accessToken;
    await api
      .http()
      .put(`/v1/schools/${fixture.school.id}/staff/${leaver.id}/classes`)
      .set(bearer(senco))
      .send({ classNames: ['5A'] })
      .expect(200);
    expect((await api.http().get(`/v1/schools/${fixture.school.id}`).set(bearer(token))).status).toBe(200);

    expect(
      (
        await api
          .http()
          .post(path(`/${leaver.id}/leave`))
          .set(bearer(senco))
      ).status,
    ).toBe(204);
    expect([401, 403]).toContain((await api.http().get(`/v1/schools/${fixture.school.id}`).set(bearer(token))).status);

    const left = await directory(senco, '?status=left');
    expect(left.staff.find((s) => s.userId === leaver.id)).toMatchObject({ status: 'left', roles: ['teacher'], classNames: ['5A'] });
    expect((await directory(senco, '?status=active')).staff.map((s) => s.userId)).not.toContain(leaver.id);
    expectProblem(
      await api
        .http()
        .post(path(`/${leaver.id}/leave`))
        .set(bearer(senco)),
      404,
    );
    expectProblem(
      await api
        .http()
        .post(path(`/${fixture.users.senco.id}/leave`))
        .set(bearer(senco)),
      403,
    );
  });

  it('re-sending an invitation replaces it: the old token stops working, the new one joins', async () => {
    const first = await api
      .http()
      .post(`/v1/schools/${fixture.school.id}/invitations`)
      .set(bearer(senco))
      .send({ email: 'resend@test.invalid', role: 'teacher' });
    const again = await api.http().post(path('/resend-invitation')).set(bearer(senco)).send({ invitationId: first.body.id });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ email: 'resend@test.invalid', role: 'teacher' });
    expect(again.body.id).not.toBe(first.body.id);

    const pending = (await directory(senco, '?status=invited')).staff.filter((s) => s.email === 'resend@test.invalid');
    expect(pending).toHaveLength(1);
    const accept = (t: string) => api.http().post('/v1/auth/invitations/accept').send({ token: t, displayName: 'Re Sent', password: 'a-long-enough-password' });
    expectProblem(await accept(first.body.token), 401);
    expect((await accept(again.body.token)).status).toBe(200);
    expectProblem(await api.http().post(path('/resend-invitation')).set(bearer(senco)).send({ invitationId: again.body.id }), 409);
    expectProblem(await api.http().post(path('/resend-invitation')).set(bearer(senco)).send({ invitationId: 'nope' }), 400);
  });
});

import pg from 'pg';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';

let api: TestApi;
let fixture: TestSchool;
let senco: string;

beforeAll(async () => {
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
  senco = (await api.login(fixture.users.senco.email)).accessToken;
});
afterAll(() => api.close());

const invite = (token: string, body: object, schoolId = fixture.school.id) =>
  api.http().post(`/v1/schools/${schoolId}/invitations`).set('authorization', `Bearer ${token}`).send(body);
const accept = (body: object) => api.http().post('/v1/auth/invitations/accept').send(body);
const uniqueEmail = (role: string) => `${role}-${Math.random().toString(36).slice(2, 10)}@test.invalid`;

describe('invitations', () => {
  it('a SENCO invites a teacher, who accepts, is signed in, and sees the school', async () => {
    const email = uniqueEmail('new-teacher');
    const created = await invite(senco, { email, role: 'teacher' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'teacher', email, acceptedAt: null });
    expect(created.body.acceptUrl).toContain(created.body.token);

    const joined = await accept({ token: created.body.token, displayName: 'New Teacher', password: 'a-long-enough-password' });
    expect(joined.status).toBe(200);
    const school = await api.http().get(`/v1/schools/${fixture.school.id}`).set('authorization', `Bearer ${joined.body.accessToken}`);
    expect(school.status).toBe(200);
    expect((await api.login(email, 'a-long-enough-password')).accessToken).toBeTruthy();

    // The audit trail records the invitation and the new membership, without the email.
    const audit = await api.http().get(`/v1/schools/${fixture.school.id}/audit-events`).set('authorization', `Bearer ${senco}`);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted', 'membership.created']));
    expect(JSON.stringify(audit.body)).not.toContain(email);
  });

  it('is single-use', async () => {
    const { body } = await invite(senco, { email: uniqueEmail('twice'), role: 'parent' });
    expect((await accept({ token: body.token, displayName: 'Parent', password: 'a-long-enough-password' })).status).toBe(200);
    const again = await accept({ token: body.token, displayName: 'Parent', password: 'a-long-enough-password' });
    expect(expectProblem(again, 401).detail).toMatch(/already been used/);
  });

  it('expires', async () => {
    const { body } = await invite(senco, { email: uniqueEmail('late'), role: 'teacher' });
    const owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
    await owner.connect();
    try {
      // The owner is bound by FORCE RLS too, so it names the school in its own transaction.
      await owner.query('begin');
      await owner.query(`select set_config('app.school_ids', $1, true)`, [`{${fixture.school.id}}`]);
      const updated = await owner.query(`update invitations set expires_at = now() - interval '1 minute' where id = $1`, [body.id]);
      await owner.query('commit');
      expect(updated.rowCount).toBe(1);
    } finally {
      await owner.end();
    }
    expect(expectProblem(await accept({ token: body.token, displayName: 'Late', password: 'a-long-enough-password' }), 401).detail).toMatch(/expired/);
  });

  it('an unknown token is refused without saying more', async () => {
    expectProblem(await accept({ token: 'x'.repeat(43), displayName: 'Nobody', password: 'a-long-enough-password' }), 401);
  });

  it('roles limit whom one may invite', async () => {
    const teacher = (await api.login(fixture.users.teacher.email)).accessToken;
    expectProblem(await invite(teacher, { email: uniqueEmail('x'), role: 'parent' }), 403);
    // A SENCO may not appoint a head; a head may.
    expectProblem(await invite(senco, { email: uniqueEmail('x'), role: 'head' }), 403);
    const head = (await api.login(fixture.users.head.email)).accessToken;
    expect((await invite(head, { email: uniqueEmail('x'), role: 'head' })).status).toBe(201);
  });

  it('cannot invite into another school', async () => {
    const other = await createTestSchool(api.dataSource);
    expectProblem(await invite(senco, { email: uniqueEmail('x'), role: 'teacher' }, other.school.id), 404);
  });

  it('validates the body, naming each field', async () => {
    const res = await invite(senco, { email: 'not-an-email', role: 'overlord' });
    expect((expectProblem(res, 400).errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['email', 'role']);
    const weak = await accept({ token: 'x'.repeat(43), displayName: 'A', password: 'short' });
    expect(expectProblem(weak, 400).errors).toEqual([{ field: 'password', message: 'password must be at least 12 characters' }]);
  });
});

describe('logs', () => {
  it('hold no emails, names or tokens', async () => {
    const email = uniqueEmail('logged');
    const { body } = await invite(senco, { email, role: 'teacher' });
    await accept({ token: body.token, displayName: 'Distinctive Name', password: 'a-long-enough-password' });
    await api.http().post('/v1/auth/login').send({ email, password: 'wrong-password-here' });
    const all = api.logs.join('\n');
    expect(api.logs.length).toBeGreaterThan(3);
    for (const secret of [email, 'Distinctive Name', body.token, fixture.users.senco.email]) expect(all).not.toContain(secret);
  });
});

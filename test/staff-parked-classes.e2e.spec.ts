import { createHash, randomBytes } from 'node:crypto';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { bearer } from './helpers/register.js';
import { addClassPupils, asOwner, invitationTokens } from './helpers/staff-classes.js';

/**
 * Classes a staff import parks for an invited email (pending_staff_classes) belong to that invitation while it
 * is live: withdrawn with it, and never handed to a later invitation once it expired unaccepted.
 */
let api: TestApi;
let fixture: TestSchool;
let senco: string;
let head: string;

const school = () => `/v1/schools/${fixture.school.id}`;

/** A staff import of one teacher of 4B and 5A, dry run and commit: an invitation with parked classes. */
async function importTeacher(email: string, role = 'Teacher'): Promise<void> {
  const csv = `Name,Email,Role,Classes\nParked Person,${email},${role},"4B, 5A"\n`;
  const send = (url: string) => api.http().post(url).set(bearer(head)).set('content-type', 'text/csv').send(csv);
  const dry = await send(`${school()}/staff-imports`);
  expect(dry.body.summary).toMatchObject({ invite: 1, reject: 0 });
  expect((await send(`${school()}/staff-imports/${dry.body.importId as string}/commit`)).status).toBe(200);
}

const parked = (email: string) =>
  asOwner(fixture.school.id, async (owner) => {
    const res = await owner.query<{ class_name: string }>(`select class_name from pending_staff_classes where email = $1 order by class_name`, [email]);
    return res.rows.map((r) => r.class_name);
  });

async function liveInvitationId(email: string): Promise<string> {
  const res = await api.http().get(`${school()}/invitations`).set(bearer(senco));
  const live = (res.body as { id: string; email: string; acceptedAt: string | null }[]).filter((i) => i.email === email && !i.acceptedAt);
  expect(live.length).toBeGreaterThan(0);
  return live[0]!.id;
}

/** Tokens are stored only as hashes: as the database owner, give an invitation (here a revoked one) a token the test knows. */
async function knownToken(invitationId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await asOwner(fixture.school.id, (owner) =>
    owner.query(`update invitations set token_hash = $1 where id = $2`, [createHash('sha256').update(token).digest('hex'), invitationId]),
  );
  return token;
}

/** Accepts with the given token and returns the pupils the new member of staff teaches. */
async function acceptAndListTaught(token: string): Promise<string[]> {
  const accepted = await api.http().post('/v1/auth/invitations/accept').send({ token, displayName: 'Parked Person', password: 'a-long-enough-password' });
  expect(accepted.status).toBe(200);
  const taught = await api
    .http()
    .get(`${school()}/pupils/taught`)
    .set(bearer(accepted.body.accessToken as string));
  expect(taught.status).toBe(200);
  return (taught.body as { firstName: string }[]).map((p) => p.firstName).sort();
}

beforeAll(async () => {
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
  senco = (await api.login(fixture.users.senco.email)).accessToken;
  head = (await api.login(fixture.users.head.email)).accessToken;
  await addClassPupils(api, fixture.school.id, ['4B', '5A']);
});
afterAll(() => api.close());

describe('classes parked for an invitation', () => {
  it('a re-sent invitation keeps them: the new one is live before the old is revoked', async () => {
    await importTeacher('resent@parked.test.invalid');
    const resent = await api
      .http()
      .post(`${school()}/staff-directory/resend-invitation`)
      .set(bearer(senco))
      .send({ invitationId: await liveInvitationId('resent@parked.test.invalid') });
    expect(resent.status).toBe(201);
    expect(await parked('resent@parked.test.invalid')).toEqual(['4B', '5A']);
    expect(await acceptAndListTaught(resent.body.token as string)).toEqual(['4B-1', '4B-2', '5A-1', '5A-2']);
  });

  it('revoking the invitation removes them, so a later invitation for the same email brings no classes', async () => {
    const email = 'revoked@parked.test.invalid';
    await importTeacher(email);
    expect(await parked(email)).toEqual(['4B', '5A']);
    const invitationId = await liveInvitationId(email);
    const revoked = await api.http().post(`${school()}/staff-directory/revoke-invitation`).set(bearer(senco)).send({ invitationId });
    expect(revoked.status).toBe(204);
    expect(await parked(email)).toEqual([]);
    // Its token no longer works.
    const token = await knownToken(invitationId);
    expectProblem(await api.http().post('/v1/auth/invitations/accept').send({ token, displayName: 'X', password: 'a-long-enough-password' }), 401);
    const directory = await api.http().get(`${school()}/staff-directory?status=invited`).set(bearer(senco));
    expect((directory.body.staff as { email: string }[]).some((s) => s.email === email)).toBe(false);

    const again = await api.http().post(`${school()}/invitations`).set(bearer(senco)).send({ email, role: 'teacher' });
    expect(again.status).toBe(201);
    expect(await acceptAndListTaught(again.body.token as string)).toEqual([]);
    const audit = await api.http().get(`${school()}/audit-events?limit=50`).set(bearer(senco));
    const event = (audit.body.items as { action: string; entityId: string; details: object }[]).find((e) => e.action === 'invitation.revoked');
    expect(event).toMatchObject({ entityId: invitationId, details: { role: 'teacher', parkedClassesRemoved: 2 } });
  });

  it('an expired invitation’s classes are not given to a later invitation for the same email', async () => {
    const email = 'expired@parked.test.invalid';
    await importTeacher(email);
    const oldId = await liveInvitationId(email);
    await asOwner(fixture.school.id, (owner) => owner.query(`update invitations set expires_at = now() - interval '1 minute' where id = $1`, [oldId]));
    // Still parked (nothing has swept them) until a new invitation is issued for the address.
    expect(await parked(email)).toEqual(['4B', '5A']);
    const later = await api.http().post(`${school()}/invitations`).set(bearer(head)).send({ email, role: 'teacher' });
    expect(later.status).toBe(201);
    expect(await parked(email)).toEqual([]);
    expect(await acceptAndListTaught(later.body.token as string)).toEqual([]);
  });

  it('a revoke keeps to the invitation rules: not a head’s by a SENCO, not an accepted one, not by a teacher', async () => {
    await importTeacher('new-head@parked.test.invalid', 'Headteacher');
    const headInvitation = await liveInvitationId('new-head@parked.test.invalid');
    const revoke = (token: string, invitationId: string) =>
      api.http().post(`${school()}/staff-directory/revoke-invitation`).set(bearer(token)).send({ invitationId });
    expectProblem(await revoke(senco, headInvitation), 403);
    const teacher = (await api.login(fixture.users.teacher.email)).accessToken;
    expectProblem(await revoke(teacher, headInvitation), 403);
    expect(await parked('new-head@parked.test.invalid')).toEqual(['4B', '5A']);

    await importTeacher('accepted@parked.test.invalid');
    const acceptedId = await liveInvitationId('accepted@parked.test.invalid');
    const tokens = await invitationTokens(fixture.school.id, ['accepted@parked.test.invalid']);
    expect(await acceptAndListTaught(tokens.get('accepted@parked.test.invalid')!)).toHaveLength(4);
    expectProblem(await revoke(senco, acceptedId), 409);
    expectProblem(await revoke(senco, '00000000-0000-4000-8000-000000000000'), 404);
    expect((await revoke(head, headInvitation)).status).toBe(204);
    expect(await parked('new-head@parked.test.invalid')).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { addMember, createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { addClassPupils, invitationTokens } from './helpers/staff-classes.js';
import { bearer } from './helpers/register.js';

let api: TestApi;
let fixture: TestSchool;
let senco: string;
let head: string;

/** Twenty classes, 1A–5D; each has two SEN pupils (K) and one not on the register. */
const CLASSES = [1, 2, 3, 4, 5].flatMap((year) => ['A', 'B', 'C', 'D'].map((form) => `${year}${form}`));
const FIXTURE_CLASSES = ['6C'];
const senPupilsOf = (className: string) => [`${className}-1 Pupil`, `${className}-2 Pupil`];

const url = (rest = '') => `/v1/schools/${fixture.school.id}/staff-imports${rest}`;
const dryRun = (token: string, csv: string, mapping = 'standard') =>
  api
    .http()
    .post(url(`?mapping=${mapping}`))
    .set(bearer(token))
    .set('content-type', 'text/csv')
    .send(csv);
const commit = (token: string, id: string, csv: string) =>
  api
    .http()
    .post(url(`/${id}/commit`))
    .set(bearer(token))
    .set('content-type', 'text/csv')
    .send(csv);

const taught = async (token: string): Promise<string[]> => {
  const res = await api.http().get(`/v1/schools/${fixture.school.id}/pupils/taught`).set(bearer(token));
  expect(res.status).toBe(200);
  return (res.body as { firstName: string; lastName: string }[]).map((p) => `${p.firstName} ${p.lastName}`).sort();
};

const pendingInvitations = async (): Promise<Map<string, number>> => {
  const res = await api.http().get(`/v1/schools/${fixture.school.id}/invitations`).set(bearer(senco));
  expect(res.status).toBe(200);
  const counts = new Map<string, number>();
  for (const i of res.body as { email: string; acceptedAt: string | null }[]) if (!i.acceptedAt) counts.set(i.email, (counts.get(i.email) ?? 0) + 1);
  return counts;
};

beforeAll(async () => {
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
  senco = (await api.login(fixture.users.senco.email)).accessToken;
  head = (await api.login(fixture.users.head.email)).accessToken;
  await addClassPupils(api, fixture.school.id, [...CLASSES, ...FIXTURE_CLASSES]);
});
afterAll(() => api.close());

/** Teacher i teaches class i mod 20; every fourth teacher a second class too. */
const classesOf = (i: number) => (i % 4 === 0 ? [CLASSES[i % 20]!, CLASSES[(i + 7) % 20]!] : [CLASSES[i % 20]!]);
const accepted = new Map<string, string>();

describe('staff import', () => {
  it('imports 40 teachers and their classes: dry run, apply, and applying again changes nothing; each sees exactly their classes’ SEN pupils', async () => {
    const existing = [await addMember(api.dataSource, fixture.school.id, 'teacher'), await addMember(api.dataSource, fixture.school.id, 'teacher')];
    // One existing teacher has a class the file does not give them: it is replaced.
    await api
      .http()
      .put(`/v1/schools/${fixture.school.id}/staff/${existing[0]!.id}/classes`)
      .set(bearer(senco))
      .send({ classNames: ['5D'] })
      .expect(200);
    const emails = Array.from({ length: 40 }, (_, i) => existing[i]?.email ?? `teacher${i}@import-40.test.invalid`);
    const csv = [
      'Name,Email,Role,Classes',
      ...emails.map((email, i) => `Teacher ${i},${email},${i % 3 ? 'Class Teacher' : 'Teaching Assistant'},"${classesOf(i).join(', ')}"`),
    ].join('\n');

    const dry = await dryRun(senco, csv);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ status: 'dry_run', mapping: 'standard', rowCount: 40, summary: { invite: 38, update: 2, unchanged: 0, reject: 0 } });
    expect(dry.body.staff[0]).toMatchObject({ rows: [2], email: emails[0], role: 'teacher', classNames: ['1A', '2D'], action: 'update' });
    expect(dry.body.staff[0].changes).toEqual(['classes: 5D → 1A, 2D']);
    expect(dry.body.staff[5]).toMatchObject({ rows: [7], action: 'invite', changes: ['invited as teacher', 'classes on accepting: 2B'] });
    // The dry run changed nothing.
    expect((await pendingInvitations()).has(emails[5]!)).toBe(false);

    const applied = await commit(senco, dry.body.importId, csv);
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ status: 'committed', summary: { invite: 38, update: 2, unchanged: 0, reject: 0 } });
    expectProblem(await commit(senco, dry.body.importId, csv), 409);

    // The same file again: nothing to change, and applying it changes nothing.
    const again = await dryRun(head, csv);
    expect(again.body.summary).toEqual({ invite: 0, update: 0, unchanged: 40, reject: 0 });
    expect((await commit(head, again.body.importId, csv)).body).toMatchObject({ status: 'committed', summary: { unchanged: 40 } });
    const pending = await pendingInvitations();
    for (const email of emails.slice(2)) expect(pending.get(email)).toBe(1);
    expect(pending.has(emails[0]!)).toBe(false);

    // Every teacher, new (accepting their invitation) or existing, sees exactly their classes' SEN pupils.
    const tokens = await invitationTokens(fixture.school.id, emails.slice(2));
    for (const [i, email] of emails.entries()) {
      let access: string;
      if (i < 2) access = (await api.login(email)).accessToken;
      else {
        const res = await api
          .http()
          .post('/v1/auth/invitations/accept')
          .send({ token: tokens.get(email), displayName: `Teacher ${i}`, password: 'a-long-enough-password' });
        expect(res.status).toBe(200);
        access = res.body.accessToken as string;
      }
      accepted.set(email, access);
      const seen = await taught(access);
      expect(seen).toHaveLength(2 * classesOf(i).length);
      expect(seen).toEqual(classesOf(i).flatMap(senPupilsOf).sort());
    }
    // A few precisely: teacher 8 has 3A and 4D; teacher 5 only 2B.
    expect(await taught(accepted.get(emails[8]!)!)).toEqual(['3A-1 Pupil', '3A-2 Pupil', '4D-1 Pupil', '4D-2 Pupil'].sort());
    expect(await taught(accepted.get(emails[5]!)!)).toEqual(['2B-1 Pupil', '2B-2 Pupil']);

    // The directory shows them active with the file's classes; after accepting, the file is still in step.
    const directory = await api.http().get(`/v1/schools/${fixture.school.id}/staff-directory?status=active`).set(bearer(senco));
    const member = (directory.body.staff as { email: string; classNames: string[] }[]).find((s) => s.email === emails[4]);
    expect(member?.classNames).toEqual(['2A', '3D']);
    expect((await dryRun(senco, csv)).body.summary).toEqual({ invite: 0, update: 0, unchanged: 40, reject: 0 });

    // Audited with counts, and no email or name reaches the audit trail or the logs.
    const audit = await api.http().get(`/v1/schools/${fixture.school.id}/audit-events?limit=200`).set(bearer(senco));
    const actions = (audit.body.items as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['staff_import.dry_run', 'staff_import.committed', 'staff_classes.set', 'invitation.created']));
    for (const secret of [emails[5]!, emails[0]!, 'Teacher 5']) {
      expect(JSON.stringify(audit.body)).not.toContain(secret);
      expect(api.logs.join('\n')).not.toContain(secret);
    }
  });

  it('a leaver marked through the staff directory loses access at once', async () => {
    const email = 'teacher9@import-40.test.invalid';
    const token = accepted.get(email)!;
    expect(await taught(token)).toHaveLength(2);
    const me = await api.http().get('/v1/me').set(bearer(token));
    expect(me.status).toBe(200);
    const userId = (me.body as { id: string }).id;
    expect((await api.http().post(`/v1/schools/${fixture.school.id}/staff-directory/${userId}/leave`).set(bearer(senco))).status).toBe(204);
    expect([401, 403, 404]).toContain((await api.http().get(`/v1/schools/${fixture.school.id}/pupils/taught`).set(bearer(token))).status);
    // Importing the file again does not quietly bring them back.
    const res = await dryRun(senco, `Name,Email,Role,Classes\nTeacher 9,${email},Teacher,2B\n`);
    expect(res.body.staff[0]).toMatchObject({
      action: 'reject',
      errors: [{ field: 'row 2: Email', message: expect.stringMatching(/left the school/) as string }],
    });
  });

  it('reads a SIMS-like export (classes in one cell) and an Arbor-like export (one row per class)', async () => {
    const sims = readFileSync(new URL('./fixtures/staff-sims.csv', import.meta.url), 'utf8');
    const simsDry = await dryRun(senco, sims, 'sims');
    expect(simsDry.status).toBe(200);
    expect(simsDry.body.summary).toEqual({ invite: 4, update: 0, unchanged: 0, reject: 0 });
    expect(simsDry.body.staff[0]).toMatchObject({ name: 'Grace Okafor', email: 'g.okafor@riverside.sch.uk', role: 'teacher', classNames: ['4B', '5A'] });
    expect((await commit(senco, simsDry.body.importId, sims)).status).toBe(200);

    const arbor = readFileSync(new URL('./fixtures/staff-arbor.csv', import.meta.url), 'utf8');
    const arborDry = await dryRun(senco, arbor, 'arbor');
    expect(arborDry.status).toBe(200);
    expect(arborDry.body.summary).toEqual({ invite: 3, update: 0, unchanged: 0, reject: 0 });
    expect(arborDry.body.staff.map((s: { rows: number[]; role: string; classNames: string[] }) => [s.rows, s.role, s.classNames])).toEqual([
      [[2, 3], 'teacher', ['4A', '6C']],
      [[4], 'teacher', ['4A']],
      [[5], 'senco', []],
    ]);
    expect((await commit(senco, arborDry.body.importId, arbor)).status).toBe(200);
    const pending = await pendingInvitations();
    for (const email of ['g.okafor@riverside.sch.uk', 'h.achterberg@oakfield.sch.uk', 'p.raman@oakfield.sch.uk']) expect(pending.get(email)).toBe(1);
    // The directory lists them as invited with the classes that become theirs when they accept.
    const invited = await api.http().get(`/v1/schools/${fixture.school.id}/staff-directory?status=invited`).set(bearer(senco));
    const listed = (invited.body.staff as { email: string; classNames: string[] }[]).find((s) => s.email === 'g.okafor@riverside.sch.uk');
    expect(listed?.classNames).toEqual(['4B', '5A']);

    // A file in the wrong format names the missing columns.
    const wrong = expectProblem(await dryRun(senco, sims, 'arbor'), 400);
    expect(JSON.stringify(wrong.errors)).toContain('Email Address');
  });

  it('a file with errors imports nothing and names the rows', async () => {
    const csv = [
      'Name,Email,Role,Classes',
      'Good Teacher,good@errors.test.invalid,Teacher,1A',
      'Unknown Role,role@errors.test.invalid,Caretaker,1A',
      'Bad Email,not-an-email,Teacher,1B',
      'First Copy,twice@errors.test.invalid,Teacher,1C',
      'Second Copy,twice@errors.test.invalid,Teacher,1D',
      'No Class,class@errors.test.invalid,Teacher,"1A, 9Z"',
    ].join('\n');
    const dry = await dryRun(senco, csv);
    expect(dry.status).toBe(200);
    expect(dry.body.summary).toEqual({ invite: 1, update: 0, unchanged: 0, reject: 5 });
    const errors = (dry.body.staff as { errors: { field: string; message: string }[] }[]).flatMap((s) => s.errors);
    expect(errors).toEqual([
      { field: 'row 3: Role', message: expect.stringMatching(/'Caretaker' is not a staff role/) as string },
      { field: 'row 4: Email', message: expect.stringMatching(/'not-an-email' does not look like an email address/) as string },
      { field: 'row 5: Email', message: expect.stringMatching(/same email is on row 6/) as string },
      { field: 'row 6: Email', message: expect.stringMatching(/same email is on row 5/) as string },
      { field: 'row 7: Classes', message: expect.stringMatching(/no pupil is in class 9Z/) as string },
    ]);

    const refused = expectProblem(await commit(senco, dry.body.importId, csv), 422);
    expect((refused.errors as { field: string }[]).map((e) => e.field)).toEqual([
      'row 3: Role',
      'row 4: Email',
      'row 5: Email',
      'row 6: Email',
      'row 7: Classes',
    ]);
    const pending = await pendingInvitations();
    for (const email of ['good@errors.test.invalid', 'role@errors.test.invalid', 'twice@errors.test.invalid', 'class@errors.test.invalid']) {
      expect(pending.has(email)).toBe(false);
    }
    // A changed file is not the file the dry run checked.
    expectProblem(await commit(senco, dry.body.importId, `${csv}\n`), 409);
  });

  it('is for the SENCO and head only, and a SENCO may not add a head', async () => {
    const teacher = (await api.login(fixture.users.teacher.email)).accessToken;
    expectProblem(await dryRun(teacher, 'Name,Email,Role,Classes\nA,a@x.test.invalid,Teacher,1A\n'), 403);
    const res = await dryRun(senco, 'Name,Email,Role,Classes\nNew Head,new-head@perm.test.invalid,Headteacher,\n');
    expect(res.body.staff[0]).toMatchObject({
      action: 'reject',
      errors: [{ field: 'row 2: Role', message: expect.stringMatching(/may not add a head/) as string }],
    });
    expect((await dryRun(head, 'Name,Email,Role,Classes\nNew Head,new-head@perm.test.invalid,Headteacher,\n')).body.summary).toMatchObject({ invite: 1 });
    expectProblem(await dryRun(senco, 'Name,Email,Role,Classes\n', 'standard'), 400);
    expectProblem(await dryRun(senco, 'x', 'nonsense'), 400);
  });
});

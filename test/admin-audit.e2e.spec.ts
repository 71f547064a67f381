import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestSchool, createUser, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { bearer } from './helpers/register.js';

/**
 * The platform admins' own trail (docs/security.md, Platform administration): creating a trust or a school is
 * recorded with who did it, readable by platform admins only (the route and the table's RLS), append-only.
 */
let api: TestApi;
let school: TestSchool;
let admin: string;
let adminId: string;
let sql: pg.Client;

beforeAll(async () => {
  api = await startTestApi();
  school = await createTestSchool(api.dataSource);
  const user = await createUser(api.dataSource, `admin-audit-${randomUUID().slice(0, 8)}@test.invalid`, { isPlatformAdmin: true });
  adminId = user.id;
  admin = (await api.login(user.email)).accessToken;
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await api?.close();
});

type Line = { action: string; entityType: string; entityId: string; actorUserId: string; details: Record<string, unknown> };
const trail = async (query = '') =>
  (await api.http().get(`/v1/admin/audit${query}`).set(bearer(admin)).expect(200)).body as { items: Line[]; nextCursor: string | null };

it('records a trust and a school created, newest first, with the admin who did it', async () => {
  const trust = await api
    .http()
    .post('/v1/admin/trusts')
    .set(bearer(admin))
    .send({ name: `Audit Trust ${randomUUID().slice(0, 6)}` })
    .expect(201);
  const urn = String(Math.floor(100000 + Math.random() * 899999));
  const made = await api
    .http()
    .post('/v1/admin/schools')
    .set(bearer(admin))
    .send({ urn, name: 'Audit Primary', phase: 'primary', laCode: '201', laName: 'City of London', trustId: trust.body.id })
    .expect(201);
  const { items } = await trail('?limit=2');
  expect(items.map((l) => [l.action, l.entityId, l.actorUserId])).toEqual([
    ['admin.school_created', made.body.id, adminId],
    ['admin.trust_created', trust.body.id, adminId],
  ]);
  expect(items[0]!.details).toEqual({ trustId: trust.body.id });
  // Ids only: the trust's and school's names are not in the trail.
  expect(JSON.stringify(items)).not.toContain('Audit');
});

it('pages with a cursor and refuses one it did not give', async () => {
  const first = await trail('?limit=1');
  expect(first.nextCursor).not.toBeNull();
  const second = await trail(`?limit=1&cursor=${first.nextCursor}`);
  expect(second.items[0]!.entityId).not.toBe(first.items[0]!.entityId);
  expect(expectProblem(await api.http().get('/v1/admin/audit?cursor=nonsense').set(bearer(admin)), 400).errors).toEqual([
    expect.objectContaining({ field: 'cursor' }),
  ]);
});

it('no school role reads it: 403 on the route, and no row through the table as the app role', async () => {
  for (const role of ['senco', 'head', 'teacher'] as const) {
    const token = (await api.login(school.users[role].email)).accessToken;
    expectProblem(await api.http().get('/v1/admin/audit').set(bearer(token)), 403);
  }
  await sql.query('begin');
  try {
    await sql.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, [`{${school.school.id}}`]);
    expect((await sql.query(`select count(*)::int as n from platform_audit_events`)).rows[0].n).toBe(0);
    const write = await sql.query(`insert into platform_audit_events (action, entity_type, details) values ('forged', 'trust', '{}')`).catch((e: Error) => e);
    expect(write).toBeInstanceOf(Error);
  } finally {
    await sql.query('rollback');
  }
  // Even an admin's transaction cannot change a line: the app role may only insert and read.
  await sql.query('begin');
  try {
    await sql.query(`select set_config('app.platform_admin', 'on', true)`);
    expect((await sql.query(`select count(*)::int as n from platform_audit_events`)).rows[0].n).toBeGreaterThan(0);
    const change = await sql.query(`update platform_audit_events set action = 'forged'`).catch((e: Error) => e);
    expect(change).toBeInstanceOf(Error);
  } finally {
    await sql.query('rollback');
  }
});

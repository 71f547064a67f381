import pg from 'pg';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from './helpers/api.js';

/**
 * Layer 2 of tenant isolation, probed below the application: raw SQL as the app role. Tables are found
 * from the catalogue, so a new tenant-owned table is covered without anyone adding it here.
 */
let api: TestApi;
let a: TestSchool;
let b: TestSchool;
let client: pg.Client;
let tables: string[];

beforeAll(async () => {
  api = await startTestApi();
  a = await createTestSchool(api.dataSource);
  b = await createTestSchool(api.dataSource);
  // Give every tenant-owned table rows in both schools: audit events and invitations via the API.
  for (const s of [a, b]) {
    const { accessToken } = await api.login(s.users.senco.email);
    const res = await api.http().post(`/v1/schools/${s.school.id}/invitations`).set('authorization', `Bearer ${accessToken}`).send({ email: `rls-${s.school.urn}@test.invalid`, role: 'teacher' });
    expect(res.status).toBe(201);
  }
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const found = await client.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and c.column_name = 'school_id' and t.table_type = 'BASE TABLE' order by 1`,
  );
  tables = found.rows.map((r) => r.table_name);
});
afterAll(async () => {
  await client.end();
  await api.close();
});

async function asSchools(schoolIds: string[] | null, sql: string, params: unknown[] = []) {
  await client.query('begin');
  try {
    if (schoolIds) await client.query(`select set_config('app.school_ids', $1, true)`, [`{${schoolIds.join(',')}}`]);
    return await client.query(sql, params);
  } finally {
    await client.query('rollback');
  }
}

it('finds the tenant-owned tables from the catalogue', () => {
  expect(tables).toEqual(expect.arrayContaining(['audit_events', 'invitations', 'memberships']));
});

it('the app role is no superuser, cannot bypass RLS and owns no table', async () => {
  const role = await client.query(`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`);
  expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  const owned = await client.query(`select count(*)::int as n from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = current_user`);
  expect(owned.rows[0].n).toBe(0);
});

it('every tenant-owned table has RLS enabled and forced', async () => {
  const res = await client.query(`select relname, relrowsecurity, relforcerowsecurity from pg_class where relname = any($1) and relkind = 'r'`, [tables]);
  expect(res.rows).toHaveLength(tables.length);
  for (const row of res.rows) expect({ table: row.relname, enabled: row.relrowsecurity, forced: row.relforcerowsecurity }).toEqual({ table: row.relname, enabled: true, forced: true });
});

it("with school A's setting, no table returns a row of school B, and A's own rows are there", async () => {
  for (const table of tables) {
    const res = await asSchools([a.school.id], `select school_id::text as school_id from ${table}`);
    const schools = new Set(res.rows.map((r) => r.school_id));
    expect({ table, sawB: schools.has(b.school.id) }).toEqual({ table, sawB: false });
    expect({ table, onlyA: [...schools].every((s) => s === a.school.id) }).toEqual({ table, onlyA: true });
    expect({ table, sawA: schools.has(a.school.id) }).toEqual({ table, sawA: true });
  }
});

it('with no setting, every tenant-owned table returns no rows at all', async () => {
  for (const table of tables) {
    const res = await asSchools(null, `select count(*)::int as n from ${table}`);
    expect({ table, rows: res.rows[0].n }).toEqual({ table, rows: 0 });
  }
});

it("writes are checked too: a row for school B cannot be written under A's setting", async () => {
  await expect(
    asSchools([a.school.id], `insert into memberships (school_id, user_id, role) values ($1, $2, 'senco')`, [b.school.id, a.users.teacher.id]),
  ).rejects.toThrow(/row-level security/);
  const moved = await asSchools([a.school.id], `update invitations set school_id = $1 where school_id = $2`, [b.school.id, a.school.id]).catch((e: Error) => e);
  expect(moved).toBeInstanceOf(Error);
  expect((moved as Error).message).toMatch(/row-level security/);
});

it('schools: a school setting shows that school only', async () => {
  const res = await asSchools([a.school.id], `select id::text from schools`);
  expect(res.rows.map((r) => r.id)).toEqual([a.school.id]);
  expect((await asSchools(null, `select count(*)::int as n from schools`)).rows[0].n).toBe(0);
});

it('the audit log is append-only for the app role', async () => {
  await expect(asSchools([a.school.id], `update audit_events set action = 'x'`)).rejects.toThrow(/permission denied/);
  await expect(asSchools([a.school.id], `delete from audit_events`)).rejects.toThrow(/permission denied/);
});

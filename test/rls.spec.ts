import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestSchool, createTrustWithLead, type TestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from './helpers/api.js';
import { populateRegister } from './helpers/register.js';

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
    const res = await api
      .http()
      .post(`/v1/schools/${s.school.id}/invitations`)
      .set('authorization', `Bearer ${accessToken}`)
      .send({ email: `rls-${s.school.urn}@test.invalid`, role: 'teacher' });
    expect(res.status).toBe(201);
    await populateRegister(api, accessToken, s.school.id, s.users.teacher.id);
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
    if (schoolIds) {
      await client.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, [`{${schoolIds.join(',')}}`]);
    }
    return await client.query(sql, params);
  } finally {
    await client.query('rollback');
  }
}

it('finds the tenant-owned tables from the catalogue', () => {
  expect(tables).toEqual(
    expect.arrayContaining([
      'audit_events',
      'invitations',
      'memberships',
      'pupils',
      'sen_status_entries',
      'contacts',
      'pupil_contacts',
      'staff_classes',
      'import_batches',
      'import_mappings',
      'outbox_events',
    ]),
  );
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
  for (const row of res.rows)
    expect({ table: row.relname, enabled: row.relrowsecurity, forced: row.relforcerowsecurity }).toEqual({ table: row.relname, enabled: true, forced: true });
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

describe('pupil-level isolation inside a school (app.pupil_access)', () => {
  async function inTransaction<T>(fn: () => Promise<T>): Promise<T> {
    await client.query('begin');
    try {
      return await fn();
    } finally {
      await client.query('rollback');
    }
  }
  const as = (access: string, userId: string) =>
    client.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', $2, true), set_config('app.user_id', $3, true)`, [
      `{${a.school.id}}`,
      access,
      userId,
    ]);
  const count = async (sql: string) => (await client.query(sql)).rows[0].n as number;

  it('without a pupil access setting, no pupil and no status entry is visible', async () => {
    await inTransaction(async () => {
      await as('', a.users.senco.id);
      expect(await count(`select count(*)::int as n from pupils`)).toBe(0);
      expect(await count(`select count(*)::int as n from sen_status_entries`)).toBe(0);
    });
  });

  it("a parent's setting shows only the pupils linked to their contact record, and only their status entries", async () => {
    await inTransaction(async () => {
      await as('all', a.users.senco.id);
      const total = await count(`select count(*)::int as n from pupils`);
      expect(total).toBeGreaterThan(0);
      await as('linked', a.users.parent.id);
      expect(await count(`select count(*)::int as n from pupils`)).toBe(0);
      // Link the parent's account to the school's first contact: now exactly that contact's pupils show.
      await as('all', a.users.senco.id);
      const { rows } = await client.query(`update contacts set user_id = $1 where id = (select id from contacts order by created_at limit 1) returning id`, [
        a.users.parent.id,
      ]);
      const linked = await count(`select count(distinct pupil_id)::int as n from pupil_contacts where contact_id = '${rows[0].id}'`);
      await as('linked', a.users.parent.id);
      expect(await count(`select count(*)::int as n from pupils`)).toBe(linked);
      const foreign = await count(
        `select count(*)::int as n from sen_status_entries e where e.pupil_id not in (select pupil_id from pupil_contacts where contact_id = '${rows[0].id}')`,
      );
      expect(foreign).toBe(0);
    });
  });

  it("a teacher's setting shows only pupils of the classes they teach", async () => {
    await inTransaction(async () => {
      await as('all', a.users.senco.id);
      await client.query(
        `insert into pupils (school_id, upn, legal_first_name, legal_last_name, date_of_birth, year_group, class_name) values ($1, 'B801200005001', 'Other', 'Class', '2017-01-01', 4, '5A')`,
        [a.school.id],
      );
      const all = await count(`select count(*)::int as n from pupils`);
      await as('taught', a.users.teacher.id);
      const seen = await client.query(`select class_name from pupils`);
      expect(seen.rows.length).toBeGreaterThan(0);
      expect(seen.rows.length).toBeLessThan(all);
      expect(seen.rows.every((r) => r.class_name === '4B')).toBe(true);
      await as('taught', a.users.parent.id);
      expect(await count(`select count(*)::int as n from pupils`)).toBe(0);
    });
  });

  it('a class taught in one school shows nothing of a class of the same name in another school of the scope', async () => {
    await inTransaction(async () => {
      await client.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, [`{${b.school.id}}`]);
      await client.query(
        `insert into pupils (school_id, upn, legal_first_name, legal_last_name, date_of_birth, year_group, class_name) values ($1, 'C801200005001', 'Same', 'Name', '2017-01-01', 4, '4B')`,
        [b.school.id],
      );
      await client.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'taught', true), set_config('app.user_id', $2, true)`, [
        `{${a.school.id},${b.school.id}}`,
        a.users.teacher.id,
      ]);
      const seen = await client.query<{ school_id: string; class_name: string }>(`select school_id, class_name from pupils`);
      expect(seen.rows.length).toBeGreaterThan(0);
      expect(seen.rows.every((r) => r.school_id === a.school.id && r.class_name === '4B')).toBe(true);
    });
  });

  it('app.principal answers for the user it is given and leaves the caller’s own user setting as it was', async () => {
    await inTransaction(async () => {
      await as('all', a.users.senco.id);
      const { rows } = await client.query<{ school_id: string | null; role: string | null; live: boolean }>(
        `select school_id, role, live from app.principal($1, gen_random_uuid())`,
        [a.users.teacher.id],
      );
      expect(rows).toEqual([{ school_id: a.school.id, role: 'teacher', live: false }]);
      expect((await client.query(`select current_setting('app.user_id', true) as u`)).rows[0].u).toBe(a.users.senco.id);
    });
  });

  it('the SEN status history cannot be rewritten or deleted by the app role', async () => {
    await inTransaction(async () => {
      await as('all', a.users.senco.id);
      await expect(client.query(`update sen_status_entries set status = 'E'`)).rejects.toThrow(/permission denied/);
    });
    await inTransaction(async () => {
      await as('all', a.users.senco.id);
      await expect(client.query(`delete from sen_status_entries`)).rejects.toThrow(/permission denied/);
    });
    await inTransaction(async () => {
      await as('all', a.users.senco.id);
      await expect(client.query(`delete from pupils`)).rejects.toThrow(/permission denied/);
    });
  });

  it('the database refuses overlapping periods of one pupil', async () => {
    await inTransaction(async () => {
      await as('all', a.users.senco.id);
      const { rows } = await client.query(`select pupil_id, start_date::text as start_date from sen_status_entries where end_date is null limit 1`);
      await expect(
        client.query(
          `insert into sen_status_entries (school_id, pupil_id, status, start_date, reason, primary_need) values ($1, $2, 'K', $3::date - 5, 'overlap', 'MLD')`,
          [a.school.id, rows[0].pupil_id, rows[0].start_date],
        ),
      ).rejects.toThrow(/ex_sen_status_no_overlap/);
    });
  });

  // pupil_contacts and group_enrolments are read by the `pupils` policy itself, so they are school-level (a
  // policy on them reading `pupils` would recurse); the code limits what it shows of them.
  it('every other table with a pupil_id shows nothing without pupil access, and nothing to a parent of no pupil', async () => {
    const { rows: tables } = await client.query<{ table_name: string }>(
      // platform_deliveries: platform mail, about no pupil (its pupil_id is always null, by CHECK) and in no school.
      `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'pupil_id'
          and table_name not in ('pupil_contacts', 'group_enrolments', 'platform_deliveries') order by 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'sen_status_entries',
        'plan_cycles',
        'plan_versions',
        'plan_targets',
        'plan_reviews',
        'plan_contributions',
        'session_attendance',
      ]),
    );
    for (const { table_name } of tables) {
      await inTransaction(async () => {
        await as('all', a.users.senco.id);
        expect(await count(`select count(*)::int as n from ${table_name}`)).toBeGreaterThan(0);
        await as('', a.users.senco.id);
        expect({ table_name, rows: await count(`select count(*)::int as n from ${table_name}`) }).toEqual({ table_name, rows: 0 });
        await as('linked', a.users.parent.id);
        expect({ table_name, rows: await count(`select count(*)::int as n from ${table_name}`) }).toEqual({ table_name, rows: 0 });
      });
    }
  });

  it('an agreed plan is kept by the database: its content, targets and provision cannot change', async () => {
    const agreed = async () => (await client.query(`select id from plan_versions where status <> 'draft' limit 1`)).rows[0].id as string;
    for (const sql of [
      (id: string) => `update plan_versions set review_date = review_date + 7 where id = '${id}'`,
      (id: string) => `update plan_versions set status = 'draft' where id = '${id}'`,
      (id: string) => `update plan_targets set description = 'rewritten' where version_id = '${id}'`,
      (id: string) => `delete from plan_provisions where version_id = '${id}'`,
      (id: string) =>
        `insert into plan_targets (school_id, pupil_id, version_id, position, description) select school_id, pupil_id, id, 9, 'added' from plan_versions where id = '${id}'`,
    ]) {
      await inTransaction(async () => {
        await as('all', a.users.senco.id);
        await expect(client.query(sql(await agreed()))).rejects.toThrow(/agreed|cannot go from/);
      });
    }
  });

  it('reviews, outcomes, views and professional reports are insert-only for the app role', async () => {
    for (const table of ['plan_reviews', 'review_outcomes', 'plan_contributions', 'professional_reports']) {
      await inTransaction(async () => {
        await as('all', a.users.senco.id);
        await expect(client.query(`update ${table} set school_id = school_id`)).rejects.toThrow(/permission denied/);
      });
      await inTransaction(async () => {
        await as('all', a.users.senco.id);
        await expect(client.query(`delete from ${table}`)).rejects.toThrow(/permission denied/);
      });
    }
  });
});

// Trust-level sign-in policy (no school_id): readable under a school of the trust, writable only by its lead.
describe('trust tables (trust_sso_configs, trust_two_factor_policies)', () => {
  const as = async (schoolIds: string[], userId: string | null, sql: string, params: unknown[] = []) => {
    await client.query('begin');
    try {
      await client.query(`select set_config('app.school_ids', $1, true), set_config('app.user_id', $2, true)`, [`{${schoolIds.join(',')}}`, userId ?? '']);
      return await client.query(sql, params);
    } finally {
      await client.query('rollback');
    }
  };
  const write = `insert into trust_two_factor_policies (trust_id, roles) values ($1, '{head}')`;
  const sso = `insert into trust_sso_configs (trust_id, issuer, client_id, client_secret_sealed, allowed_domains) values ($1, 'https://id.example', 'c', 'x', '{a.example}')`;

  it("the trust's lead writes and reads its rows; another trust's lead, a head of the trust and no setting cannot", async () => {
    const mine = await createTrustWithLead(api.dataSource);
    const other = await createTrustWithLead(api.dataSource);
    const school = await createTestSchool(api.dataSource, { trustId: mine.trust.id });
    const otherSchool = await createTestSchool(api.dataSource, { trustId: other.trust.id });
    const lead = [school.school.id];
    expect((await as(lead, mine.lead.id, `${write} returning trust_id::text`, [mine.trust.id])).rows).toEqual([{ trust_id: mine.trust.id }]);
    expect((await as(lead, mine.lead.id, `${sso} returning trust_id::text`, [mine.trust.id])).rows).toHaveLength(1);
    await expect(as([otherSchool.school.id], other.lead.id, write, [mine.trust.id])).rejects.toThrow(/row-level security/);
    await expect(as([otherSchool.school.id], other.lead.id, sso, [mine.trust.id])).rejects.toThrow(/row-level security/);
    // The lead of another trust who somehow had this school in scope still is not this trust's lead.
    await expect(as(lead, other.lead.id, write, [mine.trust.id])).rejects.toThrow(/row-level security/);
    await expect(as(lead, school.users.head.id, write, [mine.trust.id])).rejects.toThrow(/row-level security/);
    await expect(as([], mine.lead.id, write, [mine.trust.id])).rejects.toThrow(/row-level security/);
  });

  it("rows show only under a school of their trust: never to another trust's lead, never with no setting", async () => {
    const mine = await createTrustWithLead(api.dataSource);
    const other = await createTrustWithLead(api.dataSource);
    const school = await createTestSchool(api.dataSource, { trustId: mine.trust.id });
    const otherSchool = await createTestSchool(api.dataSource, { trustId: other.trust.id });
    await client.query('begin');
    await client.query(`select set_config('app.school_ids', $1, true), set_config('app.user_id', $2, true)`, [`{${school.school.id}}`, mine.lead.id]);
    await client.query(write, [mine.trust.id]);
    await client.query(sso, [mine.trust.id]);
    await client.query('commit');
    for (const table of ['trust_sso_configs', 'trust_two_factor_policies']) {
      const count = async (schoolIds: string[], userId: string | null) =>
        (await as(schoolIds, userId, `select count(*)::int as n from ${table} where trust_id = $1`, [mine.trust.id])).rows[0].n as number;
      expect({ table, head: await count([school.school.id], school.users.head.id) }).toEqual({ table, head: 1 });
      expect({ table, otherLead: await count([otherSchool.school.id], other.lead.id) }).toEqual({ table, otherLead: 0 });
      expect({ table, none: await count([], null) }).toEqual({ table, none: 0 });
      await expect(as([school.school.id], school.users.head.id, `update ${table} set updated_by = null`)).resolves.toMatchObject({ rowCount: 0 });
    }
  });
});

// The platform admin's trust-lead invitations (no school_id): the admin's, the token holder's own row, the worker's.
describe('trust_invitations and mail filed under no school', () => {
  const inTx = async <T>(settings: Record<string, string>, run: () => Promise<T>): Promise<T> => {
    await client.query('begin');
    try {
      for (const [name, value] of Object.entries(settings)) await client.query(`select set_config($1, $2, true)`, [name, value]);
      return await run();
    } finally {
      await client.query('rollback');
    }
  };
  const insert = `insert into trust_invitations (trust_id, email, token_hash, expires_at) values ($1, 'lead@test.invalid', $2, now() + interval '1 day') returning id::text`;

  it('only the platform admin writes or lists them; a token shows its own row only; a school scope sees none', async () => {
    const { trust } = await createTrustWithLead(api.dataSource);
    const school = await createTestSchool(api.dataSource, { trustId: trust.id });
    const hash = 'a'.repeat(64);
    await expect(inTx({ 'app.school_ids': `{${school.school.id}}` }, () => client.query(insert, [trust.id, 'b'.repeat(64)]))).rejects.toThrow(
      /row-level security/,
    );
    await client.query('begin');
    await client.query(`select set_config('app.platform_admin', 'on', true)`);
    await client.query(insert, [trust.id, hash]);
    await client.query(insert, [trust.id, 'c'.repeat(64)]);
    await client.query('commit');
    const count = (settings: Record<string, string>) =>
      inTx(settings, async () => (await client.query(`select count(*)::int as n from trust_invitations where trust_id = $1`, [trust.id])).rows[0].n as number);
    expect(await count({ 'app.platform_admin': 'on' })).toBe(2);
    expect(await count({ 'app.invitation_token_hash': hash })).toBe(1);
    expect(await count({ 'app.school_ids': `{${school.school.id}}`, 'app.user_id': school.users.head.id })).toBe(0);
    expect(await count({})).toBe(0);
    // A token holder may spend their own invitation, and add only the membership it grants (its trust).
    const other = await createTrustWithLead(api.dataSource);
    const user = school.users.teacher.id;
    await expect(
      inTx({ 'app.invitation_token_hash': hash, 'app.user_id': user }, () =>
        client.query(`insert into trust_memberships (trust_id, user_id) values ($1, $2)`, [other.trust.id, user]),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      inTx({ 'app.invitation_token_hash': 'd'.repeat(64), 'app.user_id': user }, () =>
        client.query(`insert into trust_memberships (trust_id, user_id) values ($1, $2)`, [trust.id, user]),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      inTx({ 'app.invitation_token_hash': hash, 'app.user_id': user }, () =>
        client.query(`insert into trust_memberships (trust_id, user_id) values ($1, $2) returning id`, [trust.id, user]),
      ),
    ).resolves.toMatchObject({ rowCount: 1 });
  });

  it('an event or delivery with no school is an account email in the platform tables, and only the relay scope reads one', async () => {
    const id = randomUUID();
    // A school's tables take no row without a school: their keys start with it (docs/scaling.md, section 1).
    await expect(
      inTx({ 'app.outbox_relay': 'on' }, () =>
        client.query(
          `insert into outbox_events (id, school_id, type, subject_type, subject_id, payload) values ($1, null, 'account.email', 'user', $1, '{}')`,
          [id],
        ),
      ),
    ).rejects.toThrow(/null value in column "school_id"/);
    const event = `insert into platform_outbox_events (id, type, subject_type, subject_id, payload) values ($1, $2, 'user', $1, '{}')`;
    await expect(inTx({}, () => client.query(event, [id, 'sen_support.started']))).rejects.toThrow(/row-level security/);
    await expect(inTx({ 'app.outbox_relay': 'on' }, () => client.query(event, [id, 'sen_support.started']))).rejects.toThrow(
      /ck_platform_outbox_events_account_email/,
    );
    await client.query('begin');
    await client.query(event, [id, 'account.email']);
    await client.query('commit');
    const seen = (settings: Record<string, string>) =>
      inTx(settings, async () => (await client.query(`select count(*)::int as n from platform_outbox_events where id = $1`, [id])).rows[0].n as number);
    expect(await seen({ 'app.school_ids': `{${a.school.id}}`, 'app.pupil_access': 'all' })).toBe(0);
    expect(await seen({ 'app.platform_admin': 'on' })).toBe(0);
    expect(await seen({})).toBe(0);
    expect(await seen({ 'app.outbox_relay': 'on' })).toBe(1);
    const delivery = `insert into platform_deliveries (event_id, kind, recipient_type, recipient_id, channel, address, subject, body_text, body_html, status)
      values ($1, 'password_reset', 'user', $1, $2, 'x@test.invalid', 's', 't', 'h', 'queued')`;
    await expect(inTx({ 'app.school_ids': `{${a.school.id}}` }, () => client.query(delivery, [id, 'email']))).rejects.toThrow(/row-level security/);
    await expect(inTx({ 'app.outbox_relay': 'on' }, () => client.query(delivery, [id, 'in_app']))).rejects.toThrow(/ck_platform_deliveries_email/);
    await expect(inTx({ 'app.outbox_relay': 'on' }, () => client.query(`${delivery} returning id`, [id, 'email']))).resolves.toMatchObject({ rowCount: 1 });
    await client.query('begin');
    await client.query(`select set_config('app.outbox_relay', 'on', true)`);
    await client.query(delivery, [id, 'email']);
    await client.query('commit');
    const delivered = (settings: Record<string, string>) =>
      inTx(settings, async () => (await client.query(`select count(*)::int as n from platform_deliveries where event_id = $1`, [id])).rows[0].n as number);
    expect(await delivered({ 'app.school_ids': `{${a.school.id}}`, 'app.pupil_access': 'all' })).toBe(0);
    expect(await delivered({ 'app.outbox_relay': 'on' })).toBe(1);
    const forced = await client.query(
      `select relname, relrowsecurity, relforcerowsecurity from pg_class where relname = any($1) and relkind = 'r' order by 1`,
      [['platform_deliveries', 'platform_outbox_events']],
    );
    expect(forced.rows).toEqual([
      { relname: 'platform_deliveries', relrowsecurity: true, relforcerowsecurity: true },
      { relname: 'platform_outbox_events', relrowsecurity: true, relforcerowsecurity: true },
    ]);
  });
});

// Ordinarily available provision frameworks (no school_id): readable by every school of their LA, writable only by
// the platform admin or the lead of the owning trust (migration 1765190000000-oap.ts).
describe('oap_frameworks and oap_expectations', () => {
  const as = async (settings: { schoolIds?: string[]; userId?: string; admin?: boolean }, sql: string, params: unknown[] = []) => {
    await client.query('begin');
    try {
      await client.query(`select set_config('app.school_ids', $1, true), set_config('app.user_id', $2, true), set_config('app.platform_admin', $3, true)`, [
        `{${(settings.schoolIds ?? []).join(',')}}`,
        settings.userId ?? '',
        settings.admin ? 'on' : '',
      ]);
      return await client.query(sql, params);
    } finally {
      await client.query('rollback');
    }
  };
  const insert = (la: string, version: number, owner: string | null) =>
    `insert into oap_frameworks (id, la_code, name, version, effective_from, source_citation, scale, owner_trust_id)
     values ('${FRAMEWORK}', '${la}', 'RLS probe', ${version}, '2024-09-01', 'Probe', '{}', ${owner ? `'${owner}'` : 'null'}) returning id::text`;
  const FRAMEWORK = '00000000-0000-4000-8000-0000000f0a9e';
  const expectation = `insert into oap_expectations (framework_id, position, code, area_of_need, text, evidence_kind)
     values ('${FRAMEWORK}', 0, 'P-1', 'cognition_and_learning', 'Probe', 'adjustment') returning code`;

  it('the platform admin writes; a school, another trust’s lead and no setting cannot', async () => {
    expect((await as({ admin: true }, insert('801', 801, null))).rows).toEqual([{ id: FRAMEWORK }]);
    await expect(as({ schoolIds: [a.school.id], userId: a.users.head.id }, insert('801', 802, null))).rejects.toThrow(/row-level security/);
    await expect(as({}, insert('801', 803, null))).rejects.toThrow(/row-level security/);
    const mine = await createTrustWithLead(api.dataSource);
    const other = await createTrustWithLead(api.dataSource);
    const ours = await createTestSchool(api.dataSource, { trustId: mine.trust.id });
    const theirs = await createTestSchool(api.dataSource, { trustId: other.trust.id });
    // The owning trust's lead, with the trust's schools in scope, writes the framework and its expectations.
    await client.query('begin');
    try {
      await client.query(`select set_config('app.school_ids', $1, true), set_config('app.user_id', $2, true)`, [`{${ours.school.id}}`, mine.lead.id]);
      expect((await client.query(insert('801', 804, mine.trust.id))).rows).toHaveLength(1);
      expect((await client.query(expectation)).rows).toEqual([{ code: 'P-1' }]);
    } finally {
      await client.query('rollback');
    }
    // Another trust's lead cannot, with their own schools in scope or with this one's.
    await expect(as({ schoolIds: [theirs.school.id], userId: other.lead.id }, insert('801', 805, mine.trust.id))).rejects.toThrow(/row-level security/);
    await expect(as({ schoolIds: [ours.school.id], userId: other.lead.id }, insert('801', 806, mine.trust.id))).rejects.toThrow(/row-level security/);
    await expect(as({ schoolIds: [ours.school.id], userId: ours.users.head.id }, insert('801', 807, mine.trust.id))).rejects.toThrow(/row-level security/);
  });

  it('a framework and its expectations show to every school of its LA, to no school of another LA and with no setting', async () => {
    const la = '802';
    const inLa = await createTestSchool(api.dataSource);
    await client.query('begin');
    await client.query(`select set_config('app.platform_admin', 'on', true)`);
    await client.query(`update schools set la_code = $1 where id = $2`, [la, inLa.school.id]);
    await client.query(insert(la, 1, null));
    await client.query(expectation);
    await client.query('commit');
    const count = async (settings: { schoolIds?: string[]; userId?: string }) => {
      const res = await as(
        settings,
        `select (select count(*) from oap_frameworks where id = $1)::int as f, (select count(*) from oap_expectations where framework_id = $1)::int as e`,
        [FRAMEWORK],
      );
      return res.rows[0] as { f: number; e: number };
    };
    expect(await count({ schoolIds: [inLa.school.id] })).toEqual({ f: 1, e: 1 });
    expect(await count({ schoolIds: [a.school.id] })).toEqual({ f: 0, e: 0 });
    expect(await count({})).toEqual({ f: 0, e: 0 });
    // Readers of the LA still cannot change or remove it (the app role may only insert and read).
    await expect(as({ schoolIds: [inLa.school.id] }, `update oap_frameworks set name = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(as({ admin: true }, `delete from oap_expectations`)).rejects.toThrow(/permission denied/);
  });
});

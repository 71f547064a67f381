import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { citusViolations, type CitusViolation } from './helpers/citus-rules.js';

/**
 * A schema Citus can distribute on school_id (docs/scaling.md, section 1), enforced on the catalogue the way
 * test/rls.spec.ts enforces RLS: every table with a school_id column is checked, so a table added later is
 * checked without anyone listing it. Migrations 1765270000000-citus-keys and 1765280000000-platform-mail-tables
 * converted the schema, so no break is allowed; the fixture test below shows each rule can fail.
 */

/**
 * Tables that have school_id but would be Citus reference tables (copied to every node), not distributed:
 * the rules do not apply to them, and a foreign key to them is allowed.
 *  - schools: its id is the school id; small (24,000 at England scale); URN unique across schools.
 *  - memberships: read on every request to find a user's schools, before any school is known.
 */
const REFERENCE_TABLES = ['schools', 'memberships'] as const;

const label = (v: CitusViolation) => `${v.table} ${v.rule} ${v.name}`;

let client: pg.Client;
beforeAll(async () => {
  const { SUPERUSER_DATABASE_URL: superuser, DATABASE_URL: app } = process.env;
  if (!superuser || !app) throw new Error('SUPERUSER_DATABASE_URL and DATABASE_URL are set by the test runner');
  // The superuser (it creates the fixture schema), on the app's database.
  client = new pg.Client({ connectionString: Object.assign(new URL(superuser), { pathname: new URL(app).pathname }).toString() });
  await client.connect();
});
afterAll(() => client.end());

it('finds no break of the Citus rules in the schema', async () => {
  // A new table or constraint that breaks a rule fails here: give it school_id in its keys.
  expect((await citusViolations(client, 'public', REFERENCE_TABLES)).map(label)).toEqual([]);
});

it('names each table and rule broken in a fixture schema, and passes the tables that keep them', async () => {
  const schema = `citus_fixture_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await client.query(`create schema ${schema}`);
  try {
    await client.query(`
      create table ${schema}.fx_schools (id uuid primary key);
      create table ${schema}.fx_pupils (school_id uuid not null references ${schema}.fx_schools (id), id uuid not null, upn text,
        primary key (school_id, id), unique (school_id, upn));
      -- A unique index (not a constraint) with school_id first: its key is numbered from 0 in the catalogue.
      create unique index fx_pupils_upn_first on ${schema}.fx_pupils (school_id, lower(upn));
      create table ${schema}.fx_pk_on_id (id uuid primary key, school_id uuid not null);
      create table ${schema}.fx_unique (school_id uuid not null, id uuid not null, token text, primary key (school_id, id));
      create unique index fx_unique_token on ${schema}.fx_unique (token);
      create table ${schema}.fx_fk (school_id uuid not null, id uuid not null, pupil_id uuid references ${schema}.fx_pk_on_id (id),
        primary key (school_id, id));
      create table ${schema}.fx_good_fk (school_id uuid not null, id uuid not null, pupil_id uuid, primary key (school_id, id),
        foreign key (school_id, pupil_id) references ${schema}.fx_pupils (school_id, id));
      create table ${schema}.fx_exclusion (school_id uuid not null, id uuid not null, period daterange not null, primary key (school_id, id),
        constraint fx_exclusion_overlap exclude using gist (period with &&));
    `);
    const found = await citusViolations(client, schema, ['fx_schools']);
    expect(found.map((v) => ({ table: v.table, rule: v.rule }))).toEqual([
      { table: 'fx_exclusion', rule: 'exclusion' },
      { table: 'fx_fk', rule: 'foreign-key' },
      { table: 'fx_pk_on_id', rule: 'primary-key' },
      { table: 'fx_unique', rule: 'unique' },
    ]);
    expect(found.find((v) => v.table === 'fx_unique')?.name).toBe('fx_unique_token');
    expect(found.find((v) => v.table === 'fx_exclusion')?.name).toBe('fx_exclusion_overlap');
  } finally {
    await client.query(`drop schema ${schema} cascade`);
  }
});

/**
 * The policy decision of docs/scaling.md (section 1, *Decisions on policies and settings*): at the Citus
 * cut-over the pupil-level parts of the policies (subqueries Citus refuses) are dropped, and what is left must
 * still keep schools apart. So on every distributed table each policy's USING and WITH CHECK must be the school
 * test itself, or an AND whose first term is the school test. The exceptions open rows before any school is
 * known, and each has its cut-over plan there.
 */
const SCHOOL_TEST = '(school_id = ANY (( SELECT app.current_school_ids() AS current_school_ids)::uuid[]))';
const OPENED_WITHOUT_A_SCHOOL: Record<string, string> = {
  'calendar_feeds.tenant_isolation using': 'a calendar app fetches the feed by its token: the link will carry the school',
  'professional_shares.tenant_isolation using': "a professional opens a share by its link's token: the link will carry the school",
  'invitations.by_token using': 'an invitee accepts by the token in the email: the link will carry the school',
  'sen_reports.tenant_isolation using': 'the published report, found by URN on the schools reference table',
  'sso_configs.sign_in_lookup using': "the sign-in page finds a school's SSO before anyone is signed in",
  'audit_events.platform_admin_audit_read using': "a platform admin's own audit lines (action admin.%), across schools",
  'audit_events.platform_admin_audit with check': "a platform admin's own audit lines (action admin.%), across schools",
  'outbox_events.tenant_isolation using': 'the relay reads every school: rewritten per school (Queries across schools)',
  'outbox_events.tenant_isolation with check': 'the relay marks every school: rewritten per school (Queries across schools)',
};

it('keeps the school test as the first AND term of every policy on a distributed table, but for the named exceptions', async () => {
  const { rows } = await client.query<{ tablename: string; policyname: string; qual: string | null; with_check: string | null }>(
    `select p.tablename, p.policyname, p.qual, p.with_check from pg_policies p
      where p.schemaname = 'public' and not (p.tablename = any($1::text[]))
        and exists (select 1 from information_schema.columns c where c.table_schema = 'public' and c.table_name = p.tablename and c.column_name = 'school_id')`,
    [[...REFERENCE_TABLES]],
  );
  expect(rows.length).toBeGreaterThan(60);
  const keepsSchool = (e: string) => e === SCHOOL_TEST || e.startsWith(`(${SCHOOL_TEST} AND `);
  // PostgreSQL prints `a AND b OR c` as `((a AND b) OR c)`: only an AND at the top starts with `(school test AND `.
  expect([`(${SCHOOL_TEST} AND (pupil_id IS NOT NULL))`, `(${SCHOOL_TEST} OR true)`, `((${SCHOOL_TEST} AND true) OR true)`].map(keepsSchool)).toEqual([
    true,
    false,
    false,
  ]);
  const breaks = rows.flatMap((r) =>
    (
      [
        ['using', r.qual],
        ['with check', r.with_check],
      ] as const
    )
      .filter(([, e]) => e !== null && !keepsSchool(e))
      .map(([part]) => `${r.tablename}.${r.policyname} ${part}`),
  );
  expect(breaks.filter((b) => !(b in OPENED_WITHOUT_A_SCHOOL)).sort()).toEqual([]);
  // An exception that no longer applies leaves the list.
  expect(Object.keys(OPENED_WITHOUT_A_SCHOOL).filter((b) => !breaks.includes(b))).toEqual([]);
});

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { citusViolations, type CitusViolation } from './helpers/citus-rules.js';

/**
 * A schema Citus can distribute on school_id (docs/scaling.md, section 1), enforced on the catalogue the way
 * test/rls.spec.ts enforces RLS: every table with a school_id column is checked, so a table added later is
 * checked without anyone listing it. The schema of today still breaks the rules on most tables (its keys are
 * on `id` alone); those breaks are listed in test/citus-known-violations.json, and this test fails on any other
 * and on any listed one that has been mended, so the list can only shrink.
 */

/**
 * Tables that have school_id but would be Citus reference tables (copied to every node), not distributed:
 * the rules do not apply to them, and a foreign key to them is allowed.
 *  - schools: its id is the school id; small (24,000 at England scale); URN unique across schools.
 *  - memberships: read on every request to find a user's schools, before any school is known.
 */
const REFERENCE_TABLES = ['schools', 'memberships'] as const;

const known = (JSON.parse(readFileSync(new URL('./citus-known-violations.json', import.meta.url), 'utf8')) as { violations: string[] }).violations;
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

it('finds no break of the Citus rules in the schema beyond the known ones, and every known one is still there', async () => {
  const found = (await citusViolations(client, 'public', REFERENCE_TABLES)).map(label);
  expect(found.length).toBeGreaterThan(0);
  // A new table or constraint that breaks a rule fails here: give it school_id in its keys instead.
  expect(found.filter((v) => !known.includes(v))).toEqual([]);
  // A mended one fails here until it leaves the list.
  expect(known.filter((v) => !found.includes(v))).toEqual([]);
});

it('names each table and rule broken in a fixture schema, and passes the tables that keep them', async () => {
  const schema = `citus_fixture_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await client.query(`create schema ${schema}`);
  try {
    await client.query(`
      create table ${schema}.fx_schools (id uuid primary key);
      create table ${schema}.fx_pupils (school_id uuid not null references ${schema}.fx_schools (id), id uuid not null, upn text,
        primary key (school_id, id), unique (school_id, upn));
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

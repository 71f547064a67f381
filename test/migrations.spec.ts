import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createDataSource, runMigrations } from '#libs/database';
import { allEntities } from '#libs/entities';
import { allMigrations } from '../migrations/index.js';

/**
 * Every migration on an empty database, then TypeORM is asked what it would change to match the entities:
 * anything at all means an entity changed without a migration (drift).
 */
const superuserUrl = process.env.SUPERUSER_DATABASE_URL;
const ownerUrl = process.env.MIGRATION_DATABASE_URL;
const database = `drift_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const withDatabase = (url: string, db: string) => Object.assign(new URL(url), { pathname: `/${db}` }).toString();

let admin: pg.Client;

beforeAll(async () => {
  if (!superuserUrl || !ownerUrl) throw new Error('SUPERUSER_DATABASE_URL and MIGRATION_DATABASE_URL are set by the test runner');
  admin = new pg.Client({ connectionString: superuserUrl });
  await admin.connect();
  await admin.query(`create database ${database} owner sen_owner`);
  const db = new pg.Client({ connectionString: withDatabase(superuserUrl, database) });
  await db.connect();
  await db.query('alter schema public owner to sen_owner; revoke create on schema public from public; grant usage on schema public to sen_app');
  await db.end();
});

afterAll(async () => {
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
});

it('all migrations apply to an empty database and leave nothing for TypeORM to generate', async () => {
  const url = withDatabase(ownerUrl!, database);
  const dataSource = await createDataSource({ url, entities: allEntities, migrations: allMigrations, applicationName: 'drift-test', poolSize: 2 }).initialize();
  try {
    const applied = await runMigrations(dataSource, url);
    expect(applied).toEqual(allMigrations.map((m) => new m().name));
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    // Running again is a no-op (the lock is released and nothing is pending).
    expect(await runMigrations(dataSource, url)).toEqual([]);
  } finally {
    await dataSource.destroy();
  }
});

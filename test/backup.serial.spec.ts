import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jest } from '@jest/globals';
import pg from 'pg';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { binaryBody, startTestApi, type TestApi } from './helpers/api.js';
import { PDF, scanUploads, uploadDocument } from './helpers/documents.js';
import { populateInterventions } from './helpers/interventions.js';
import { populatePlan } from './helpers/plans.js';
import { addPupil, bearer, daysAgo, setStatus } from './helpers/register.js';

/**
 * Backup and restore, end to end through the npm scripts: a school filled through the API (pupils, SEN status
 * history, a reviewed plan, interventions, notifications, a report: every table), `scripts/backup.mjs` of the
 * whole database, `scripts/restore.mjs` into a new database on the same server, then the same rows table by
 * table (counts and an md5 over every row, computed here independently of the scripts), the same RLS policies,
 * flags, owners and grants, and the app reading the restored database as the app role.
 */
jest.setTimeout(240_000);

const superuserUrl = process.env.SUPERUSER_DATABASE_URL!;
const tag = randomUUID().slice(0, 8);
const restoredName = `sen_restore_${tag}`;
const dataDir = path.resolve(process.env.TEST_DATA_DIR || '.data/test', 'backups');
const file = path.join(dataDir, `backup-${tag}.senbak`);

let api: TestApi;
let restoredApi: TestApi | undefined;
let s: TestSchool;
let pupilId: string;
let sencoToken: string;
/** A document of the school and one of another school, with the SHA-256 of what was uploaded. */
let ownDoc: { id: string; sha256: string };
let otherDoc: { id: string; sha256: string; schoolId: string; sencoEmail: string };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function urlFor(base: string, database: string): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}
const sourceDb = () => decodeURIComponent(new URL(process.env.MIGRATION_DATABASE_URL!).pathname.slice(1));

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Per table: row count and md5 of every row's text in a fixed order (the superuser sees every school's rows). */
async function fingerprint(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  return withClient(url, async (c) => {
    await c.query(`set TimeZone = 'UTC'`);
    const tables = (
      await c.query(`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' order by 1`)
    ).rows.map((r) => r.relname as string);
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const t of tables) {
      const q = `select count(*)::int as rows, md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as md5 from public."${t}" t`;
      const { rows } = await c.query(q);
      out[t] = { rows: rows[0].rows, md5: rows[0].md5 };
    }
    return out;
  });
}

/** What row-level security and privileges look like: policies, RLS flags, owners, grants to the app role. */
async function securityShape(url: string) {
  return withClient(url, async (c) => ({
    policies: (
      await c.query(`select tablename, policyname, permissive, roles::text, cmd, qual, with_check from pg_policies where schemaname = 'public' order by 1, 2`)
    ).rows,
    rls: (
      await c.query(
        `select c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner) as owner from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'v', 'm', 'S') order by 1`,
      )
    ).rows,
    grants: (
      await c.query(
        `select table_name, grantee, privilege_type from information_schema.role_table_grants where table_schema = 'public' and grantee in ('sen_app', 'sen_owner', 'PUBLIC') order by 1, 2, 3`,
      )
    ).rows,
    functions: (
      await c.query(
        `select p.proname, pg_get_function_identity_arguments(p.oid) as args, pg_get_userbyid(p.proowner) as owner, p.prosecdef, coalesce(p.proacl::text, '') as acl from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' order by 1, 2`,
      )
    ).rows,
    triggers: (await c.query(`select tgrelid::regclass::text as tbl, tgname, tgenabled from pg_trigger where not tgisinternal order by 1, 2`)).rows,
  }));
}

function runScript(script: string, args: string[]) {
  const run = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...process.env } });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

beforeAll(async () => {
  if (!superuserUrl) throw new Error('SUPERUSER_DATABASE_URL is set by the test runner');
  mkdirSync(dataDir, { recursive: true });
  api = await startTestApi();
  s = await createTestSchool(api.dataSource);
  const token = (await api.login(s.users.senco.email)).accessToken;
  sencoToken = token;
  const school = `/v1/schools/${s.school.id}`;
  // Pupils with SEN status history (monitoring, then SEN Support), parents, a reviewed plan and an intervention.
  for (let i = 0; i < 6; i += 1) {
    const pupil = await addPupil(api, token, s.school.id, { legalLastName: `Backup${i}`, className: '4B' });
    pupilId ??= pupil.id;
    expect((await setStatus(api, token, s.school.id, pupil.id, { status: 'monitoring', startDate: daysAgo(60), primaryNeed: null })).status).toBe(201);
    expect((await setStatus(api, token, s.school.id, pupil.id, { status: 'K', startDate: daysAgo(30), primaryNeed: i % 2 ? 'SLCN' : 'SEMH' })).status).toBe(
      201,
    );
    const contact = await api
      .http()
      .post(`${school}/pupils/${pupil.id}/contacts`)
      .set(bearer(token))
      .send({
        firstName: 'Pat',
        lastName: `Carer${i}`,
        email: `carer${i}-${tag}@test.invalid`,
        preferredChannel: 'email',
        relationship: 'mother',
        parentalResponsibility: true,
      });
    expect(contact.status).toBe(201);
  }
  expect(
    (
      await api
        .http()
        .put(`${school}/staff/${s.users.teacher.id}/classes`)
        .set(bearer(token))
        .send({ classNames: ['4B'] })
    ).status,
  ).toBe(200);
  await populatePlan(api, token, s.school.id, pupilId);
  await populateInterventions(api, token, s.school.id, pupilId);
  // Documents: content in file_chunks (three chunks), scanned clean by the harness's clamd.
  const own = Buffer.concat([PDF, Buffer.alloc(600 * 1024, 3), Buffer.from(tag)]);
  ownDoc = { id: (await uploadDocument(api, token, s.school.id, pupilId, own, 'backup.pdf').expect(201)).body.id as string, sha256: sha256(own) };
  const other = await createTestSchool(api.dataSource);
  const otherToken = (await api.login(other.users.senco.email)).accessToken;
  const otherPupil = await addPupil(api, otherToken, other.school.id);
  const theirs = Buffer.concat([PDF, Buffer.from(`other ${tag}`)]);
  const uploaded = await uploadDocument(api, otherToken, other.school.id, otherPupil.id, theirs, 'other.pdf').expect(201);
  otherDoc = { id: uploaded.body.id as string, sha256: sha256(theirs), schoolId: other.school.id, sencoEmail: other.users.senco.email };
  expect(await scanUploads(api.dataSource, s.school.id)).toEqual(['clean']);
  expect(await scanUploads(api.dataSource, other.school.id)).toEqual(['clean']);
});

afterAll(async () => {
  await restoredApi?.close();
  await api?.close();
  await withClient(superuserUrl, async (c) => {
    await c.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [restoredName]);
    await c.query(`drop database if exists "${restoredName}"`);
  }).catch(() => undefined);
  rmSync(file, { force: true });
});

it('backs up every school, restores into a fresh database, and finds the same rows, policies and grants; the app reads it', async () => {
  const sourceUrl = urlFor(superuserUrl, sourceDb());
  const original = await api.http().get(`/v1/schools/${s.school.id}/register`).set(bearer(sencoToken));
  expect(original.status).toBe(200);
  expect(original.body.items.length).toBe(6);
  const backedUp = runScript('scripts/backup.mjs', [file, '--database-url', sourceUrl]);
  expect(backedUp.output).toMatch(/backup: wrote/);
  expect(backedUp.status).toBe(0);
  expect(statSync(file).size).toBeGreaterThan(1000);
  // Either pg_dump's custom format or, without a pg_dump for this server, the gzip'd logical archive.
  const head = Buffer.alloc(5);
  const fd = openSync(file, 'r');
  readSync(fd, head, 0, 5, 0);
  closeSync(fd);
  expect(head.toString('latin1') === 'PGDMP' || (head[0] === 0x1f && head[1] === 0x8b)).toBe(true);

  const before = await fingerprint(sourceUrl);
  const restoredUrl = urlFor(superuserUrl, restoredName);
  const restored = runScript('scripts/restore.mjs', [file, '--database-url', restoredUrl]);
  expect(restored.output).toMatch(/restored from/);
  expect(restored.status).toBe(0);

  // The same rows, table by table.
  const after = await fingerprint(restoredUrl);
  expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  expect(after).toEqual(before);
  const filled = Object.entries(after)
    .filter(([, t]) => t.rows > 0)
    .map(([name]) => name);
  for (const table of [
    'schools',
    'users',
    'memberships',
    'pupils',
    'contacts',
    'pupil_contacts',
    'sen_status_entries',
    'audit_events',
    'outbox_events',
    'typeorm_migrations',
    'documents',
    'file_blobs',
    'file_chunks',
  ]) {
    expect(filled).toContain(table);
  }
  expect(filled.filter((t) => t.startsWith('plan')).length).toBeGreaterThanOrEqual(3);
  expect(Object.keys(after).length).toBeGreaterThan(20);

  // Row-level security, owners, grants, functions and triggers exactly as in the source database.
  const [sourceShape, restoredShape] = [await securityShape(sourceUrl), await securityShape(restoredUrl)];
  expect(restoredShape.policies.length).toBeGreaterThan(20);
  expect(restoredShape.rls.filter((r) => r.relforcerowsecurity).length).toBeGreaterThan(20);
  expect(restoredShape.grants.some((g) => g.grantee === 'sen_app')).toBe(true);
  expect(restoredShape).toEqual(sourceShape);

  // The app role: RLS holds (no school setting, no rows), and the API reads the restored school.
  const appUrl = urlFor(process.env.DATABASE_URL!, restoredName);
  const unscoped = await withClient(appUrl, async (c) => (await c.query(`select count(*)::int as n from pupils`)).rows[0].n);
  expect(unscoped).toBe(0);
  restoredApi = await startTestApi({ env: { DATABASE_URL: appUrl } });
  const token = (await restoredApi.login(s.users.senco.email)).accessToken;
  const register = await restoredApi.http().get(`/v1/schools/${s.school.id}/register`).set(bearer(token));
  expect(register.status).toBe(200);
  expect(register.body).toEqual(original.body);
  const history = await restoredApi.http().get(`/v1/schools/${s.school.id}/pupils/${pupilId}/sen-status`).set(bearer(token));
  expect(history.status).toBe(200);
  expect(Array.isArray(history.body) ? history.body.length : (history.body.items ?? history.body.entries ?? []).length).toBeGreaterThanOrEqual(1);
  const plan = await restoredApi.http().get(`/v1/schools/${s.school.id}/pupils/${pupilId}/plan`).set(bearer(token));
  expect(plan.status).toBe(200);
  // The document comes back byte for byte; the other school's is not reachable through this school.
  const doc = await restoredApi.http().get(`/v1/schools/${s.school.id}/documents/${ownDoc.id}/content`).set(bearer(token)).buffer(true).parse(binaryBody);
  expect(doc.status).toBe(200);
  expect(sha256(doc.body as Buffer)).toBe(ownDoc.sha256);
  expect((await restoredApi.http().get(`/v1/schools/${s.school.id}/documents/${otherDoc.id}/content`).set(bearer(token))).status).toBe(404);
  const otherToken = (await restoredApi.login(otherDoc.sencoEmail)).accessToken;
  const theirs = await restoredApi
    .http()
    .get(`/v1/schools/${otherDoc.schoolId}/documents/${otherDoc.id}/content`)
    .set(bearer(otherToken))
    .buffer(true)
    .parse(binaryBody);
  expect(theirs.status).toBe(200);
  expect(sha256(theirs.body as Buffer)).toBe(otherDoc.sha256);

  // Only into a new database: a second restore onto the same name is refused and changes nothing.
  const beforeAgain = await fingerprint(restoredUrl);
  const again = runScript('scripts/restore.mjs', [file, '--database-url', restoredUrl]);
  expect(again.status).not.toBe(0);
  expect(again.output).toMatch(/already exists/);
  expect(await fingerprint(restoredUrl)).toEqual(beforeAgain);
});

it('refuses a damaged archive and commits nothing from it', async () => {
  expect(statSync(file).size).toBeGreaterThan(1000);
  const damaged = path.join(dataDir, `damaged-${tag}.senbak`);
  // Cut the archive short: the gzip stream ends early.
  const bytes = Buffer.alloc(Math.floor(statSync(file).size * 0.6));
  const fd = openSync(file, 'r');
  readSync(fd, bytes, 0, bytes.length, 0);
  closeSync(fd);
  writeFileSync(damaged, bytes);
  const name = `${restoredName}_damaged`;
  try {
    const run = runScript('scripts/restore.mjs', [damaged, '--database-url', urlFor(superuserUrl, name)]);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/truncated|unexpected end of file/i);
    // The database it made for the restore is gone again: nothing of the damaged archive is left to be mistaken for data.
    const exists = await withClient(
      superuserUrl,
      async (c) => (await c.query(`select count(*)::int as n from pg_database where datname = $1`, [name])).rows[0].n,
    );
    expect(exists).toBe(0);
  } finally {
    rmSync(damaged, { force: true });
    await withClient(superuserUrl, (c) => c.query(`drop database if exists "${name}"`)).catch(() => undefined);
  }
});

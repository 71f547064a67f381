import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { createLogger, loadConfig } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { RetentionService } from '#libs/privacy';
import { addMember, createTestSchool, type TestSchool } from '#libs/testing';
import { WorkerModule } from '../apps/worker/worker.module.js';
import { binaryBody, expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { pdfText } from '#libs/testing';
import { addLeaverPastRetention } from './helpers/privacy.js';
import { addPupil, bearer, daysAgo, populateRegister } from './helpers/register.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { asSchool, until } from './helpers/wait.js';

/**
 * The school's data-protection duties, end to end through the API and a real worker: every read of a child's
 * SEN record is in the access log; a subject access export gathers everything held about the pupil and their
 * contacts as JSON, HTML and PDF in the background; the retention rule lists old records and nothing is erased
 * until the head approves, then the record is erased with only anonymised statistics kept; and a leaver's SEN
 * record is exported for their next school.
 */
jest.setTimeout(90_000);

let api: TestApi;
let smtp: TestSmtp;
let worker: INestApplicationContext;
let app: pg.Client;
let s: TestSchool;
let other: TestSchool;
const tokens: Record<string, string> = {};
let made: Awaited<ReturnType<typeof populateRegister>>;
const workerLogs: string[] = [];

const get = (path: string, token: string) => api.http().get(`/v1/schools/${s.school.id}${path}`).set(bearer(token));
const post = (path: string, token: string) => api.http().post(`/v1/schools/${s.school.id}${path}`).set(bearer(token));

beforeAll(async () => {
  const owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
  await owner.connect();
  // Suites before this one left events nobody relayed (they ran without a worker): they are not this test's.
  await owner.query('begin');
  await owner.query(`select set_config('app.outbox_relay', 'on', true)`);
  await owner.query(`update outbox_events set relayed_at = now(), processed_at = now(), completed_at = now() where relayed_at is null or completed_at is null`);
  await owner.query('commit');
  await owner.end();
  app = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await app.connect();
  smtp = await startSmtp();
  api = await startTestApi();
  s = await createTestSchool(api.dataSource);
  other = await createTestSchool(api.dataSource);
  for (const role of ['senco', 'head', 'teacher', 'parent'] as const) tokens[role] = (await api.login(s.users[role].email)).accessToken;
  tokens.otherSenco = (await api.login(other.users.senco.email)).accessToken;
  made = await populateRegister(api, tokens.senco!, s.school.id, s.users.teacher.id);
  // The school's parent is this pupil's mother.
  await new TenantTransactions(api.dataSource).run({ schoolIds: [s.school.id], pupilAccess: 'all' }, (m) =>
    m.query(`update contacts set user_id = $1 where id = $2`, [s.users.parent.id, made.contactId]),
  );
  const config = loadConfig('worker', {
    ...process.env,
    SMTP_URL: smtp.url,
    QUEUE_PREFIX: `p${randomUUID().slice(0, 8)}`,
    OUTBOX_RELAY_INTERVAL_MS: '100',
    NOTIFY_SWEEP_INTERVAL_MS: '1000',
    NOTIFY_STALE_AFTER_MS: '3000',
  });
  const sink = new Writable({
    write(chunk, _e, cb) {
      workerLogs.push(chunk.toString());
      cb();
    },
  });
  worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createLogger('info', sink)), { logger: false });
  await worker.init();
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
  await smtp?.close();
  await app?.end();
});

describe('the access log', () => {
  it('records every read of the plan, reviews, evidence pack and SEN history: who, when, which pupil, which role', async () => {
    const earlier = new Set(
      ((await get(`/pupils/${made.pupilId}/access-log?limit=200`, tokens.head!).expect(200)).body.items as { id: string }[]).map((e) => e.id),
    );
    const reads: [string, string, string][] = [
      ['senco', `/pupils/${made.pupilId}/plan`, 'plan'],
      ['parent', `/pupils/${made.pupilId}/plan`, 'plan'],
      ['head', `/plan-cycles/${made.cycleId}`, 'plan_cycle'],
      ['parent', `/plan-versions/${made.versionId}`, 'plan_version'],
      ['teacher', `/pupils/${made.pupilId}/professional-reports`, 'professional_reports'],
      ['parent', `/pupils/${made.pupilId}/evidence-pack`, 'evidence_pack'],
      ['head', `/pupils/${made.pupilId}/sen-status`, 'sen_history'],
      ['parent', `/pupils/${made.pupilId}`, 'pupil_record'],
      ['teacher', `/pupils/${made.pupilId}/provision-map`, 'provision_map'],
    ];
    for (const [role, path] of reads) expect({ role, path, status: (await get(path, tokens[role]!)).status }).toEqual({ role, path, status: 200 });

    const log = await get(`/pupils/${made.pupilId}/access-log?limit=200`, tokens.head!).expect(200);
    const recent = (
      log.body.items as { id: string; resource: string; actorUserId: string; actorRoles: string[]; actorName: string; pupilId: string; occurredAt: string }[]
    ).filter((e) => !earlier.has(e.id));
    for (const [role, path, resource] of reads) {
      const who = s.users[role as 'senco'].id;
      expect({
        path,
        logged: recent.some((e) => e.resource === resource && e.actorUserId === who && e.actorRoles.includes(role) && e.pupilId === made.pupilId),
      }).toEqual({ path, logged: true });
    }
    expect(recent.every((e) => e.actorName === 'Test User')).toBe(true);
    expect(recent).toHaveLength(reads.length);
  });

  it('a refused read is not served and leaves nothing; only the SENCO and head may read the log', async () => {
    const count = async () =>
      (await asSchool<{ n: number }>(app, s.school.id, `select count(*)::int as n from access_events where pupil_id = $1`, [made.pupilId]))[0]!.n;
    const n = await count();
    const outsider = await addMember(api.dataSource, s.school.id, 'parent');
    const outsiderToken = (await api.login(outsider.email)).accessToken;
    expectProblem(await get(`/pupils/${made.pupilId}/plan`, outsiderToken), 404);
    expectProblem(await api.http().get(`/v1/schools/${s.school.id}/pupils/${made.pupilId}/plan`).set(bearer(tokens.otherSenco!)), 404);
    expect(await count()).toBe(n);
    for (const role of ['teacher', 'parent'] as const) {
      expectProblem(await get(`/pupils/${made.pupilId}/access-log`, tokens[role]!), 403);
      expectProblem(await get(`/access-log`, tokens[role]!), 403);
    }
  });

  it('the school-wide log filters by reader and pages without gaps or repeats', async () => {
    const parentId = s.users.parent.id;
    const all = await get(`/access-log?actorUserId=${parentId}&limit=200`, tokens.senco!).expect(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(4);
    expect(all.body.items.every((e: { actorUserId: string }) => e.actorUserId === parentId)).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await get(
        `/access-log?actorUserId=${parentId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        tokens.senco!,
      ).expect(200);
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((e: { id: string }) => e.id));
    // The audit trail pages the same way (rows written in the same millisecond are neither skipped nor repeated).
    const trail = (await get(`/audit-events?limit=200`, tokens.head!).expect(200)).body.items.map((e: { id: string }) => e.id);
    const paged: string[] = [];
    let next: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await get(
        `/audit-events?limit=3${next ? `&cursor=${next}` : ''}`,
        tokens.head!,
      ).expect(200);
      paged.push(...page.body.items.map((e) => e.id));
      next = page.body.nextCursor;
    } while (next);
    expect(trail.length).toBeGreaterThan(10);
    expect(paged).toEqual(trail);
    const bad = expectProblem(await get(`/access-log?actorUserId=nobody`, tokens.senco!), 400);
    expect(JSON.stringify(bad)).toContain('actorUserId');
  });
});

describe('the subject access export', () => {
  it('is made in the background with everything held about the pupil and their contacts, as JSON, HTML and PDF', async () => {
    const asked = await post(`/pupils/${made.pupilId}/subject-access-exports`, tokens.senco!).expect(202);
    expect(asked.body.status).toBe('queued');
    expectProblem(await get(`/subject-access-exports/${asked.body.id}/file`, tokens.senco!), 409);
    const done = await until(
      'the export',
      async () => (await get(`/subject-access-exports/${asked.body.id}`, tokens.senco!)).body,
      (b) => b.status !== 'queued',
    );
    expect(done.status).toBe('done');

    const json = await get(`/subject-access-exports/${asked.body.id}/file?format=json`, tokens.head!).expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const content = JSON.parse(json.text) as {
      pupil: Record<string, unknown>;
      contacts: Record<string, unknown>[];
      records: Record<string, Record<string, unknown>[]>;
      auditEvents: unknown[];
      inboxMessages: unknown[];
    };
    const pupil = (await get(`/pupils/${made.pupilId}`, tokens.senco!)).body;
    expect(content.pupil).toMatchObject({ id: made.pupilId, upn: pupil.upn, legal_last_name: pupil.legalLastName });
    expect(content.contacts.map((c) => c.id)).toContain(made.contactId);
    // Every table holding rows about a pupil is in the export (found from the catalogue, as the export finds them).
    const tables = (
      await app.query(
        // platform_deliveries: platform mail, in no school and about no pupil (pupil_id is null by CHECK).
        `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'pupil_id'
            and table_name not in ('subject_access_exports', 'platform_deliveries') order by 1`,
      )
    ).rows.map((r) => r.table_name as string);
    expect(Object.keys(content.records).sort()).toEqual(tables);
    for (const table of [
      'sen_status_entries',
      'plan_cycles',
      'plan_versions',
      'plan_targets',
      'plan_reviews',
      'review_outcomes',
      'session_attendance',
      'access_events',
      'deliveries',
    ]) {
      expect({ table, rows: content.records[table]!.length > 0 }).toEqual({ table, rows: true });
    }
    // Only this pupil's rows, and no credentials.
    for (const [table, rows] of Object.entries(content.records))
      for (const row of rows) expect({ table, pupil: row.pupil_id }).toEqual({ table, pupil: made.pupilId });
    expect(json.text).not.toMatch(/password|token_hash|"hash"/i);
    expect(content.auditEvents.length).toBeGreaterThan(0);

    const html = await get(`/subject-access-exports/${asked.body.id}/file?format=html`, tokens.senco!).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain(`Subject access export: ${pupil.legalFirstName} ${pupil.legalLastName}`);
    expect(html.text).toContain('Who read the record (access log)');
    const pdf = await get(`/subject-access-exports/${asked.body.id}/file?format=pdf`, tokens.senco!).buffer(true).parse(binaryBody).expect(200);
    const text = await pdfText(pdf.body as Buffer);
    expect(text.text).toContain(pupil.upn);
    expect(text.text).toContain('Parents and contacts linked to the pupil');

    // The download is itself a read of the record.
    const log = await get(`/pupils/${made.pupilId}/access-log`, tokens.head!).expect(200);
    expect(log.body.items.some((e: { resource: string }) => e.resource === 'subject_access_export')).toBe(true);
    const audit = await get(`/audit-events?limit=200`, tokens.head!).expect(200);
    expect(
      audit.body.items.some((e: { action: string; entityId: string }) => e.action === 'pupil.subject_access_requested' && e.entityId === made.pupilId),
    ).toBe(true);
    // Nothing of the child reached the worker's logs.
    expect(workerLogs.join('\n')).not.toContain(pupil.legalLastName);
  });

  it('says failed when a table cannot be read, and never stays queued', async () => {
    // A table with the columns the export looks for, whose reading fails in the database (its policy divides by
    // zero): the gather's statement errors and aborts the worker's transaction.
    const owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
    await owner.connect();
    const table = `probe_unreadable_${randomUUID().slice(0, 8)}`;
    await owner.query(`create table ${table} (id uuid primary key, school_id uuid not null, pupil_id uuid not null)`);
    await owner.query(`grant select on ${table} to sen_app`);
    await owner.query(`alter table ${table} enable row level security`);
    await owner.query(`create policy fails on ${table} using (1 / (select count(*) from ${table} where false)::int = 1)`);
    try {
      const asked = await post(`/pupils/${made.pupilId}/subject-access-exports`, tokens.senco!).expect(202);
      const done = await until(
        'the export',
        async () => (await get(`/subject-access-exports/${asked.body.id}`, tokens.senco!)).body,
        (b) => b.status !== 'queued',
      );
      expect(done).toMatchObject({ status: 'failed', error: 'QueryFailedError' });
      expectProblem(await get(`/subject-access-exports/${asked.body.id}/file`, tokens.senco!), 409);
    } finally {
      await owner.query(`drop table ${table}`);
      await owner.end();
    }
  });
  it('only the SENCO and head of the pupil’s own school may ask for or read one', async () => {
    for (const role of ['teacher', 'parent'] as const) {
      expectProblem(await post(`/pupils/${made.pupilId}/subject-access-exports`, tokens[role]!), 403);
      expectProblem(await get(`/subject-access-exports/${made.exportId}`, tokens[role]!), 403);
      expectProblem(await get(`/subject-access-exports/${made.exportId}/file`, tokens[role]!), 403);
    }
    expectProblem(await api.http().post(`/v1/schools/${other.school.id}/pupils/${made.pupilId}/subject-access-exports`).set(bearer(tokens.otherSenco!)), 404);
    expectProblem(await api.http().get(`/v1/schools/${other.school.id}/subject-access-exports/${made.exportId}`).set(bearer(tokens.otherSenco!)), 404);
    const bad = expectProblem(await get(`/subject-access-exports/${made.exportId}/file?format=docx`, tokens.senco!), 400);
    expect(JSON.stringify(bad)).toContain('format');
  });
});

describe('retention', () => {
  it('lists only pupils off roll past date of birth + the school’s years; erases nothing until the head approves', async () => {
    const old = await addLeaverPastRetention(api, api.dataSource, tokens.senco!, s.school.id);
    await post(`/pupils/${old.id}/sen-status`, tokens.senco!)
      .send({ status: 'K', startDate: daysAgo(500), primaryNeed: 'SEMH', reason: 'Assessment', parentsAlreadyNotified: false })
      .expect(201);
    const contact = await post(`/pupils/${old.id}/contacts`, tokens.senco!)
      .send({
        firstName: 'Old',
        lastName: 'Contact',
        email: `old-${randomUUID().slice(0, 6)}@test.invalid`,
        preferredChannel: 'email',
        relationship: 'mother',
        parentalResponsibility: true,
      })
      .expect(201);
    // A young person's own email (for their formal notices) is personal data too, and goes with the rest.
    // (Set directly: this leaver's date of birth, decades back, is no longer one the API accepts for their year.)
    await new TenantTransactions(api.dataSource).run({ schoolIds: [s.school.id], pupilAccess: 'all' }, (m) =>
      m.query(`update pupils set email = $2, young_person_parents_informed = 'agrees' where id = $1`, [old.id, `own-${randomUUID().slice(0, 6)}@test.invalid`]),
    );
    // On roll though old enough, and left though young: neither is listed.
    const onRoll = await addPupil(api, tokens.senco!, s.school.id);
    await new TenantTransactions(api.dataSource).run({ schoolIds: [s.school.id], pupilAccess: 'all' }, (m) =>
      m.query(`update pupils set date_of_birth = date '1980-01-01' where id = $1`, [onRoll.id]),
    );
    const youngLeaver = await addPupil(api, tokens.senco!, s.school.id);
    await api
      .http()
      .patch(`/v1/schools/${s.school.id}/pupils/${youngLeaver.id}`)
      .set(bearer(tokens.senco!))
      .send({ leavingDate: daysAgo(10) })
      .expect(200);

    // The daily job lists them (each school on its own date), as the route does.
    const job = await worker.get(RetentionService).scanAll(() => new Date().toISOString().slice(0, 10));
    expect(job.listed).toBeGreaterThanOrEqual(1);
    expect((await post(`/retention/scan`, tokens.senco!).expect(200)).body.listed).toBe(0);
    const listed = (await get(`/retention/items?status=listed`, tokens.head!).expect(200)).body.items as {
      id: string;
      pupilId: string;
      ruleYears: number;
      upn: string;
    }[];
    const item = listed.find((i) => i.pupilId === old.id)!;
    // On SEN support and never sent on: this is the record's last school, so date of birth + 31 years.
    expect(item).toMatchObject({ ruleYears: 31, rule: 'last_school', upn: old.upn });
    expect(listed.map((i) => i.pupilId)).not.toContain(onRoll.id);
    expect(listed.map((i) => i.pupilId)).not.toContain(youngLeaver.id);

    // Without approval nothing is erased: the worker has had its chance, and the database refuses a direct call.
    await new Promise((r) => setTimeout(r, 500));
    expect((await get(`/pupils/${old.id}`, tokens.senco!)).body.legalLastName).not.toBe('Erased');
    await app.query('begin');
    await app.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, [`{${s.school.id}}`]);
    await expect(app.query(`select app.erase_pupil($1, $2)`, [s.school.id, old.id])).rejects.toThrow(/approval/);
    await app.query('rollback');
    // The SENCO lists and scans; approving is the head's alone.
    expectProblem(await post(`/retention/items/${item.id}/approve`, tokens.senco!), 403);
    expectProblem(
      await api
        .http()
        .post(`/v1/schools/${other.school.id}/retention/items/${item.id}/approve`)
        .set(bearer((await api.login(other.users.head.email)).accessToken)),
      404,
    );

    await post(`/retention/items/${item.id}/approve`, tokens.head!).expect(204);
    expectProblem(await post(`/retention/items/${item.id}/approve`, tokens.head!), 409);
    const erased = await until(
      'the erasure',
      async () => ((await get(`/retention/items?status=erased`, tokens.head!)).body.items as { id: string }[]).find((i) => i.id === item.id),
      (i) => i !== undefined,
    );
    expect(erased).toMatchObject({ status: 'erased', lastName: 'Erased', firstName: 'Erased' });

    // Gone: names, contacts, the plan. Kept, anonymised: the status history (for the register's statistics).
    const after = (await get(`/pupils/${old.id}`, tokens.senco!).expect(200)).body;
    expect(after).toMatchObject({ legalFirstName: 'Erased', legalLastName: 'Erased', preferredFirstName: null });
    expect(after.notices).toMatchObject({ email: null, youngPersonParentsInformed: null });
    expect(after.upn).not.toBe(old.upn);
    expect(after.contacts).toEqual([]);
    expect(after.history.length).toBe(1);
    expect(after.history[0]).toMatchObject({ status: 'K', primaryNeed: 'SEMH' });
    const contactsLeft = await asSchool<{ n: number }>(app, s.school.id, `select count(*)::int as n from contacts where id = $1`, [contact.body.contactId]);
    expect(contactsLeft[0]!.n).toBe(0);
    const audit = (await get(`/audit-events?limit=200`, tokens.head!).expect(200)).body.items as {
      action: string;
      entityId: string;
      details: Record<string, unknown>;
    }[];
    expect(audit.find((e) => e.action === 'retention.approved' && e.entityId === old.id)).toBeDefined();
    expect(audit.find((e) => e.action === 'pupil.erased' && e.entityId === old.id)?.details).toMatchObject({ retentionItemId: item.id, contacts: 1 });
  });

  it('erases a whole plan history, agreed plans included, and the head’s “keep” holds', async () => {
    // The populated pupil has agreed and reviewed plans, sessions and notifications; make them a long-gone leaver.
    await api
      .http()
      .patch(`/v1/schools/${s.school.id}/pupils/${made.pupilId}`)
      .set(bearer(tokens.senco!))
      .send({ leavingDate: daysAgo(30) })
      .expect(200);
    await new TenantTransactions(api.dataSource).run({ schoolIds: [s.school.id], pupilAccess: 'all' }, (m) =>
      m.query(`update pupils set date_of_birth = date '1985-05-05' where id = $1`, [made.pupilId]),
    );
    await post(`/retention/scan`, tokens.senco!).expect(200);
    const listedPage = (await get(`/retention/items?status=listed`, tokens.head!)).body as { total: number; items: { id: string; pupilId: string }[] };
    const items = listedPage.items;
    expect(listedPage.total).toBe(items.length);
    // A page of one holds the first; the total still counts them all.
    const first = (await get(`/retention/items?status=listed&limit=1`, tokens.head!)).body as { total: number; items: { id: string }[] };
    expect(first).toMatchObject({ total: items.length, items: [{ id: items[0]!.id }] });
    expect(((await get(`/retention/items?status=listed&limit=1&offset=1`, tokens.head!)).body as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(
      items.slice(1, 2).map((i) => i.id),
    );
    const mine = items.find((i) => i.pupilId === made.pupilId)!;
    const keep = items.find((i) => i.pupilId !== made.pupilId)!;
    await post(`/retention/items/${keep.id}/reject`, tokens.head!).expect(204);
    await post(`/retention/items/${mine.id}/approve`, tokens.head!).expect(204);
    await until(
      'the erasure',
      async () => ((await get(`/retention/items?status=erased`, tokens.head!)).body.items as { id: string }[]).some((i) => i.id === mine.id),
      Boolean,
    );
    const left = await asSchool<{ cycles: number; targets: number; reviews: number; views: number; deliveries: number; attended: number; notes: number }>(
      app,
      s.school.id,
      `select (select count(*)::int from plan_cycles where pupil_id = $1) as cycles, (select count(*)::int from plan_targets where pupil_id = $1) as targets,
              (select count(*)::int from plan_reviews where pupil_id = $1) as reviews, (select count(*)::int from plan_contributions where pupil_id = $1) as views,
              (select count(*)::int from deliveries where pupil_id = $1) as deliveries, (select count(*)::int from session_attendance where pupil_id = $1) as attended,
              (select count(*)::int from session_attendance where pupil_id = $1 and observation is not null) as notes`,
      [made.pupilId],
    );
    expect(left[0]).toMatchObject({ cycles: 0, targets: 0, reviews: 0, views: 0, deliveries: 0, notes: 0 });
    expect(left[0]!.attended).toBeGreaterThan(0);
    // Rejected: not listed again by the next scan.
    await post(`/retention/scan`, tokens.senco!).expect(200);
    const again = (await get(`/retention/items`, tokens.head!)).body.items as { pupilId: string; status: string }[];
    expect(again.filter((i) => i.pupilId === keep.pupilId).map((i) => i.status)).toEqual(['rejected']);
  });

  it('a record sent to the next school, and a pupil never on the register, follow the shorter rule; erasure still needs the head', async () => {
    const leftOn = daysAgo(400);
    const oneYearOn = `${Number(leftOn.slice(0, 4)) + 1}${leftOn.slice(4)}`;
    const leaver = async (status?: 'K' | 'monitoring') => {
      const p = await addPupil(api, tokens.senco!, s.school.id);
      // Back-dated support: the parents were told at the time, so nothing is sent now.
      if (status)
        await post(`/pupils/${p.id}/sen-status`, tokens.senco!)
          .send({ status, startDate: daysAgo(500), primaryNeed: 'SLCN', reason: 'Assessment', ...(status === 'K' ? { parentsAlreadyNotified: true } : {}) })
          .expect(201);
      await api.http().patch(`/v1/schools/${s.school.id}/pupils/${p.id}`).set(bearer(tokens.senco!)).send({ leavingDate: leftOn }).expect(200);
      return p;
    };
    const sentOn = await leaver('K');
    const kept = await leaver('K');
    const neverOnRegister = await leaver();
    const onlyMonitored = await leaver('monitoring');

    // Marking the record sent: the SENCO or head, a real date, only for a leaver.
    const stillHere = await addPupil(api, tokens.senco!, s.school.id);
    expectProblem(await post(`/pupils/${stillHere.id}/transfer-record/sent`, tokens.senco!).send({ sentOn: daysAgo(1) }), 409);
    expect(JSON.stringify(expectProblem(await post(`/pupils/${sentOn.id}/transfer-record/sent`, tokens.senco!).send({ sentOn: '2026-02-30' }), 400))).toContain(
      'sentOn',
    );
    expectProblem(await post(`/pupils/${sentOn.id}/transfer-record/sent`, tokens.teacher!).send({ sentOn: daysAgo(390) }), 403);
    expect(
      (
        await post(`/pupils/${sentOn.id}/transfer-record/sent`, tokens.senco!)
          .send({ sentOn: daysAgo(390) })
          .expect(200)
      ).body,
    ).toEqual({ pupilId: sentOn.id, recordSentOn: daysAgo(390) });

    await post(`/retention/scan`, tokens.senco!).expect(200);
    const listed = (await get(`/retention/items?status=listed&limit=200`, tokens.head!).expect(200)).body.items as {
      id: string;
      pupilId: string;
      rule: string;
      ruleYears: number;
      dueOn: string;
    }[];
    const of = (id: string) => listed.find((i) => i.pupilId === id);
    expect(of(sentOn.id)).toMatchObject({ rule: 'transferred', ruleYears: 1, dueOn: oneYearOn });
    expect(of(neverOnRegister.id)).toMatchObject({ rule: 'never_on_register', ruleYears: 1, dueOn: oneYearOn });
    // Monitoring is the school's own stage, not the SEN register.
    expect(of(onlyMonitored.id)).toMatchObject({ rule: 'never_on_register' });
    // On SEN support, left at the same time, record not sent on: the last school keeps it to date of birth + 31.
    expect(of(kept.id)).toBeUndefined();

    // The same approval as ever: the SENCO cannot, the head can, and the worker erases.
    const item = of(sentOn.id)!;
    expectProblem(await post(`/retention/items/${item.id}/approve`, tokens.senco!), 403);
    expect((await get(`/pupils/${sentOn.id}`, tokens.senco!)).body.legalLastName).not.toBe('Erased');
    await post(`/retention/items/${item.id}/approve`, tokens.head!).expect(204);
    const erased = await until(
      'the erasure',
      async () => ((await get(`/retention/items?status=erased&limit=200`, tokens.head!)).body.items as { id: string }[]).find((i) => i.id === item.id),
      (i) => i !== undefined,
    );
    expect(erased).toMatchObject({ rule: 'transferred', lastName: 'Erased' });
  });

  it('the shorter rule is the head’s setting too, within 1 to 25 years', async () => {
    expect((await get('', tokens.senco!)).body.leaverRetentionYears).toBe(1);
    expectProblem(await api.http().patch(`/v1/schools/${s.school.id}/settings`).set(bearer(tokens.senco!)).send({ leaverRetentionYears: 2 }), 403);
    expect(
      JSON.stringify(
        expectProblem(await api.http().patch(`/v1/schools/${s.school.id}/settings`).set(bearer(tokens.head!)).send({ leaverRetentionYears: 0 }), 400),
      ),
    ).toContain('leaverRetentionYears');
    expect(
      (await api.http().patch(`/v1/schools/${s.school.id}/settings`).set(bearer(tokens.head!)).send({ leaverRetentionYears: 2 }).expect(200)).body
        .leaverRetentionYears,
    ).toBe(2);
  });

  it('the rule is the head’s setting, within 25 to 100 years', async () => {
    expect((await get('', tokens.senco!)).body.retentionYears).toBe(31);
    expectProblem(await api.http().patch(`/v1/schools/${s.school.id}/settings`).set(bearer(tokens.senco!)).send({ retentionYears: 40 }), 403);
    const bad = expectProblem(await api.http().patch(`/v1/schools/${s.school.id}/settings`).set(bearer(tokens.head!)).send({ retentionYears: 10 }), 400);
    expect(JSON.stringify(bad)).toContain('retentionYears');
    expect(
      (await api.http().patch(`/v1/schools/${s.school.id}/settings`).set(bearer(tokens.head!)).send({ retentionYears: 35 }).expect(200)).body.retentionYears,
    ).toBe(35);
  });
});

describe('the transfer record', () => {
  it('exports a leaver’s SEN record for the next school, as JSON, HTML and PDF, and logs it', async () => {
    const pupil = await addPupil(api, tokens.senco!, s.school.id);
    await post(`/pupils/${pupil.id}/sen-status`, tokens.senco!)
      .send({ status: 'K', startDate: daysAgo(200), primaryNeed: 'ASD', reason: 'Assessment', parentsAlreadyNotified: false })
      .expect(201);
    const refused = expectProblem(await get(`/pupils/${pupil.id}/transfer-record`, tokens.senco!), 409);
    expect(String(refused.detail)).toContain('leaving date');
    await api
      .http()
      .patch(`/v1/schools/${s.school.id}/pupils/${pupil.id}`)
      .set(bearer(tokens.senco!))
      .send({ leavingDate: daysAgo(2) })
      .expect(200);

    const json = await get(`/pupils/${pupil.id}/transfer-record`, tokens.senco!).expect(200);
    expect(json.body).toMatchObject({
      kind: 'sen-transfer-record',
      schemaVersion: 1,
      pupil: { upn: pupil.upn, leavingDate: daysAgo(2) },
      fromSchool: { urn: s.school.urn },
    });
    expect(json.body.record.senHistory).toEqual([expect.objectContaining({ status: 'K', primaryNeed: 'ASD' })]);
    const html = await get(`/pupils/${pupil.id}/transfer-record?format=html`, tokens.head!).expect(200);
    expect(html.text).toContain('for their next school');
    const pdf = await get(`/pupils/${pupil.id}/transfer-record?format=pdf`, tokens.senco!).buffer(true).parse(binaryBody).expect(200);
    expect((await pdfText(pdf.body as Buffer)).text).toContain(pupil.upn);

    for (const role of ['teacher', 'parent'] as const) expectProblem(await get(`/pupils/${pupil.id}/transfer-record`, tokens[role]!), 403);
    expectProblem(await api.http().get(`/v1/schools/${other.school.id}/pupils/${pupil.id}/transfer-record`).set(bearer(tokens.otherSenco!)), 404);
    const log = (await get(`/pupils/${pupil.id}/access-log`, tokens.head!).expect(200)).body.items as { resource: string }[];
    expect(log.filter((e) => e.resource === 'transfer_record')).toHaveLength(3);
    const audit = (await get(`/audit-events?limit=200`, tokens.head!).expect(200)).body.items as { action: string; entityId: string }[];
    expect(audit.filter((e) => e.action === 'pupil.transfer_exported' && e.entityId === pupil.id)).toHaveLength(3);
  });
});

import { readFileSync } from 'node:fs';
import pg from 'pg';
import { addMember, createTestSchool, createUser, type TestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from './helpers/api.js';
import { bearer, populateRegister } from './helpers/register.js';

/**
 * Every school-scoped operation in the committed OpenAPI document, called by people who must be refused:
 * no token, another school's SENCO, this school's parent of no pupil, a platform admin, and (for writes)
 * this school's teacher. A new route is probed without anyone adding it here. Refused writes change nothing.
 */
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
}
const spec = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
const operations: Operation[] = Object.entries(spec.paths)
  .filter(([path]) => path.startsWith('/v1/schools/{schoolId}'))
  .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method as Operation['method'], path })));

/**
 * Writes that a teacher of the pupil may make (parents too, on their own child). For these the probe calls
 * with a valid body, so a refusal comes from access control and not from validation, and it checks that a
 * teacher who does not teach the pupil is refused instead.
 */
const OPEN_WRITES: Record<string, { body: object; outsider: number }> = {
  // A parent's views, a teacher's observation: the pupil must be theirs (404 otherwise: the cycle is hidden).
  'post /v1/schools/{schoolId}/plan-cycles/{cycleId}/contributions': { body: { body: 'Probe: views before the review' }, outsider: 404 },
  // Recording sessions: only the group's own staff (the group is the SENCO's here), the SENCO and the head.
  'post /v1/schools/{schoolId}/intervention-groups/{groupId}/sessions/record': { body: { sessions: [{ sessionId: '00000000-0000-4000-8000-000000000000', status: 'cancelled', cancelReason: 'other' }] }, outsider: 403 },
  'put /v1/schools/{schoolId}/intervention-sessions/{sessionId}': { body: { reason: 'Probe', status: 'cancelled', cancelReason: 'other' }, outsider: 403 },
  // A member of staff's own calendar link: theirs to make or revoke, nobody else's data.
  'post /v1/schools/{schoolId}/calendar-feed': { body: {}, outsider: 201 },
  'delete /v1/schools/{schoolId}/calendar-feed': { body: {}, outsider: 204 },
  // Inbox messages are their owner's alone: anyone else's id names nothing.
  'post /v1/schools/{schoolId}/inbox/{messageId}/read': { body: {}, outsider: 404 },
};
const key = (op: Operation) => `${op.method} ${op.path}`;

let api: TestApi;
let a: TestSchool;
let b: TestSchool;
let ids: Record<string, string>;
const tokens: Record<string, string> = {};
let sql: pg.Client;

beforeAll(async () => {
  api = await startTestApi();
  a = await createTestSchool(api.dataSource);
  b = await createTestSchool(api.dataSource);
  const senco = (await api.login(a.users.senco.email)).accessToken;
  const made = await populateRegister(api, senco, a.school.id, a.users.teacher.id);
  ids = {
    schoolId: a.school.id, pupilId: made.pupilId, contactId: made.contactId, importId: made.importId, userId: a.users.teacher.id, name: 'our-mis', cycleId: made.cycleId, versionId: made.versionId,
    interventionId: made.interventionId, groupId: made.groupId, enrolmentId: made.enrolmentId, sessionId: made.sessionId, academicYear: made.academicYear,
    deliveryId: made.deliveryId, messageId: made.messageId, renderId: made.renderId,
  };
  const admin = await createUser(api.dataSource, `admin-matrix-${Date.now()}@test.invalid`, { isPlatformAdmin: true });
  tokens.otherSenco = (await api.login(b.users.senco.email)).accessToken;
  tokens.parent = (await api.login(a.users.parent.email)).accessToken;
  tokens.teacher = (await api.login(a.users.teacher.email)).accessToken;
  tokens.otherTeacher = (await api.login((await addMember(api.dataSource, a.school.id, 'teacher')).email)).accessToken;
  tokens.admin = (await api.login(admin.email)).accessToken;
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await api.close();
});

const url = (op: Operation) => op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
  if (!ids[name]) throw new Error(`The route probe has no value for {${name}} in ${op.path}: add one`);
  return ids[name];
});
const call = (op: Operation, token?: string) => {
  const req = api.http()[op.method](url(op));
  if (token) req.set(bearer(token));
  return ['post', 'put', 'patch'].includes(op.method) ? req.send(OPEN_WRITES[key(op)]?.body ?? {}) : req;
};

/** A digest of school A's rows in every tenant table (audit excepted: refusals are not audited here). */
async function snapshot(): Promise<Record<string, string>> {
  const { rows: tables } = await sql.query<{ table_name: string }>(
    `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'school_id' and table_name <> 'audit_events'`,
  );
  await sql.query('begin');
  try {
    await sql.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, [`{${a.school.id}}`]);
    const digests: Record<string, string> = {};
    for (const { table_name } of tables) {
      const { rows } = await sql.query(`select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${table_name} t`);
      digests[table_name] = `${rows[0].n}:${rows[0].h}`;
    }
    return digests;
  } finally {
    await sql.query('rollback');
  }
}

it('finds the school-scoped operations, register ones included', () => {
  expect(operations.length).toBeGreaterThan(15);
  expect(operations).toEqual(expect.arrayContaining([{ method: 'post', path: '/v1/schools/{schoolId}/pupils/{pupilId}/sen-status' }]));
});

describe.each(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s', (_name, op) => {
  it('without a token: 401', async () => {
    expect((await call(op)).status).toBe(401);
  });

  it("as another school's SENCO: 404, the school is not theirs", async () => {
    expect((await call(op, tokens.otherSenco)).status).toBe(404);
  });

  it('as a parent of no pupil here, and a platform admin: never a success that reveals or changes pupil data', async () => {
    const before = await snapshot();
    for (const who of ['parent', 'admin']) {
      const res = await call(op, tokens[who]);
      // Their own things only: the school's name, their (no) children, their own (empty) inbox.
      const own = who === 'parent' && ['/children', '/inbox', '/inbox/unread-count'].some((end) => op.path.endsWith(end));
      const allowedPublicInfo = op.method === 'get' && (op.path === '/v1/schools/{schoolId}' || own);
      if (allowedPublicInfo) {
        expect(res.status).toBe(200);
        if (op.path.endsWith('/children') || op.path.endsWith('/inbox')) expect(res.body).toEqual([]);
        if (op.path.endsWith('/unread-count')) expect(res.body).toEqual({ unread: 0 });
      } else if (who === 'admin' && op.path.endsWith('/invitations') && op.method !== 'get') {
        expect(res.status).toBe(400); // admins invite a school's first staff; the empty body is refused
      } else {
        expect({ who, status: res.status, refused: [403, 404].includes(res.status) }).toMatchObject({ who, refused: true });
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  if (OPEN_WRITES[key(op)]) {
    it('as a teacher with no part in it: refused (or only their own row changes), never another person’s data', async () => {
      const before = await snapshot();
      const { outsider } = OPEN_WRITES[key(op)]!;
      expect((await call(op, tokens.otherTeacher)).status).toBe(outsider);
      const after = await snapshot();
      if (outsider < 300) {
        // Their own calendar link: only calendar_feeds may change.
        expect({ ...after, calendar_feeds: '' }).toEqual({ ...before, calendar_feeds: '' });
      } else {
        expect(after).toEqual(before);
      }
    });
  } else if (op.method !== 'get') {
    it("as this school's teacher, a write is refused and changes nothing", async () => {
      const before = await snapshot();
      expect((await call(op, tokens.teacher)).status).toBe(403);
      expect(await snapshot()).toEqual(before);
    });
  }
});

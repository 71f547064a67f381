import { readFileSync } from 'node:fs';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { addMember, createTestSchool, createUser, type TestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from './helpers/api.js';
import { addPupil, bearer, populateRegister, routeParamIds } from './helpers/register.js';

/**
 * Every operation in the committed OpenAPI document, called by people who must be refused. School-scoped
 * ones: no token, an expired token, each role of another school, this school's parent of no pupil, a parent
 * of another pupil, a teacher who does not teach the pupil, a platform admin, and (for writes) this school's
 * teacher; nothing of the probed pupil may show in a success, and refused writes change nothing. The others
 * are either probed for their one role (admin, trust lead) or described below as public, with the reason. A
 * new route is probed without anyone adding it here; one the probe cannot place fails the suite until it is
 * described. The coverage is printed at the end.
 */
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
}
const spec = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
const allOperations: Operation[] = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.keys(methods).map((method) => ({ method: method as Operation['method'], path })),
);
const operations = allOperations.filter((op) => op.path.startsWith('/v1/schools/{schoolId}'));

/** Operations outside a school that one role alone may call: probed with no token, an expired one, and a SENCO. */
const ONE_ROLE: Record<string, string> = {
  'post /v1/admin/trusts': 'platform admin',
  'post /v1/admin/schools': 'platform admin',
  'get /v1/admin/schools': 'platform admin',
  'get /v1/trust/sen-reports': 'trust lead',
  'get /v1/admin/school-status': 'platform admin',
  'get /v1/admin/trusts': 'platform admin',
  'get /v1/admin/audit': 'platform admin',
  'get /v1/trusts/{trustId}/sso': 'trust lead',
  'put /v1/trusts/{trustId}/sso': 'trust lead',
  'get /v1/trusts/{trustId}/two-factor-policy': 'trust lead',
  'put /v1/trusts/{trustId}/two-factor-policy': 'trust lead',
  'get /v1/admin/trusts/{trustId}/leads': 'platform admin',
  'post /v1/admin/trusts/{trustId}/lead-invitations': 'platform admin',
  'delete /v1/admin/trusts/{trustId}/lead-invitations/{invitationId}': 'platform admin',
  'delete /v1/admin/trusts/{trustId}/leads/{userId}': 'platform admin',
  'get /v1/admin/oap-frameworks': 'platform admin',
  'post /v1/admin/oap-frameworks': 'platform admin',
  'get /v1/trusts/{trustId}/oap-frameworks': 'trust lead',
  'post /v1/trusts/{trustId}/oap-frameworks': 'trust lead',
};
/** Operations open without a session, and why that is safe; each is tested in its own suite. */
const PUBLIC: Record<string, string> = {
  'get /health/live': 'liveness: no data (health in auth.e2e)',
  'get /health/ready': 'readiness: names dependencies only',
  'post /v1/auth/login': 'the credentials are the check; rate-limited (auth.e2e)',
  'post /v1/auth/refresh': 'the refresh token is the check (auth.e2e)',
  'post /v1/auth/logout': 'the refresh token is the check (auth.e2e)',
  'post /v1/auth/invitations/accept': 'the invitation token is the check; rate-limited (invitations.e2e)',
  'get /v1/calendar-feeds/{file}': 'the feed token is the check; the feed names no pupil (interventions.e2e)',
  'get /v1/public/sen-information-reports/{urn}': 'a published SEN Information Report is public by law; rate-limited (reports.e2e)',
  'get /v1/me': 'any signed-in user, their own account only (auth.e2e)',
  'post /v1/auth/web/login': 'the credentials are the check; rate-limited; the refresh token only as an httpOnly cookie (auth-web.e2e)',
  'post /v1/auth/web/refresh': 'the session cookie and its CSRF header are the check (auth-web.e2e)',
  'post /v1/auth/web/logout': 'the session cookie and its CSRF header are the check (auth-web.e2e)',
  'post /v1/auth/web/invitations/accept': 'the invitation token is the check; rate-limited (auth-web.e2e)',
  'post /v1/auth/logout-everywhere': 'any signed-in user, their own sessions only (auth-web.e2e)',
  'post /v1/auth/sso/discover': 'names schools and trusts whose SSO takes an email domain, never whether an email has an account; rate-limited (sso.e2e)',
  'get /v1/auth/sso/start': "redirects to a school's or trust's identity provider; writes nothing; rate-limited (sso.e2e, trust-sign-in.e2e)",
  'get /v1/auth/sso/callback': "the provider's signed ID token, state, nonce and PKCE are the check; refusals say nothing (sso.e2e)",
  'post /v1/auth/two-factor/verify': 'the sign-in challenge token and the code are the check; wrong codes rate-limited (mfa.e2e)',
  'post /v1/auth/web/two-factor/verify': 'the sign-in challenge token and the code are the check; wrong codes rate-limited (mfa.e2e)',
  'post /v1/auth/two-factor/enrol': 'the sign-in challenge token is the check; only for a user with no second factor (mfa.e2e)',
  'get /v1/me/two-factor': 'any signed-in user, their own second factors only (mfa.e2e)',
  'post /v1/me/two-factor/totp': 'any signed-in user, their own second factors only (mfa.e2e)',
  'post /v1/me/two-factor/totp/confirm': 'any signed-in user, their own second factors only (mfa.e2e)',
  'delete /v1/me/two-factor/totp': 'any signed-in user, their own second factors only (mfa.e2e)',
  'post /v1/me/two-factor/recovery-codes': 'any signed-in user, their own second factors only (mfa.e2e)',
  'post /v1/me/password': 'any signed-in user, their own password only; needs the current one (passwords.e2e)',
  'get /v1/me/sessions': 'any signed-in user, their own sessions only (passwords.e2e)',
  'delete /v1/me/sessions/{deviceSessionId}': "any signed-in user, their own sessions only; another's id is 404 (passwords.e2e)",
  'get /v1/shared/{token}': 'the share link is the check; same 404 for unknown, expired, revoked; rate-limited (sharing.e2e)',
  'post /v1/shared/{token}/code': 'the share link is the check; the code goes only to the named email; rate-limited (sharing.e2e)',
  'post /v1/shared/{token}/session': 'the link and the emailed one-time code are the check; attempts limited (sharing.e2e)',
  'get /v1/shared/{token}/record': 'the link and the session the code opened are the check; logged (sharing.e2e)',
  'post /v1/shared/{token}/reports': 'the link and the session the code opened are the check; arrives pending (sharing.e2e)',
  'get /v1/shared/{token}/documents/{documentId}': 'the link and the session are the check; only the share’s clean documents; logged (sharing-documents.e2e)',
  'post /v1/shared/{token}/reports/{reportId}/file':
    'the link and the session are the check; only to the share’s own pending report; scanned (sharing-documents.e2e)',
  'get /v1/me/passkeys': 'any signed-in user, their own passkeys only (passkeys.e2e)',
  'post /v1/me/passkeys/options': 'any signed-in user, a challenge for their own new passkey (passkeys.e2e)',
  'post /v1/me/passkeys/verify': "any signed-in user; the answer must sign a live challenge of the user's own (passkeys.e2e)",
  'delete /v1/me/passkeys/{passkeyId}': "any signed-in user, their own passkeys only; another's id is 404 (passkeys.e2e)",
  'post /v1/auth/passkey/options': 'a single-use challenge naming no account; rate-limited per address (passkeys.e2e)',
  'post /v1/auth/passkey/verify': 'the passkey signature over a live challenge is the check; one answer for every refusal; rate-limited (passkeys.e2e)',
  'post /v1/auth/web/passkey/verify': 'as passkey/verify; the refresh token only as an httpOnly cookie (passkeys.e2e)',
  'post /v1/auth/password-reset': 'the same 202 for every address; the link goes only to the account’s own email; rate-limited (password-reset.e2e)',
  'post /v1/auth/password-reset/complete': 'the emailed single-use token is the check; rate-limited (password-reset.e2e)',
  'put /v1/me/email': 'a signed-in parent, their own address only; needs the current password (account-emails.e2e)',
  'post /v1/auth/email-change/confirm': 'the single-use token emailed to the new address is the check; rate-limited (account-emails.e2e)',
};

/**
 * Writes that a teacher of the pupil may make (parents too, on their own child). For these the probe calls
 * with a valid body, so a refusal comes from access control and not from validation, and it checks that a
 * teacher who does not teach the pupil is refused instead.
 */
/** `own`: the table where a success may change the caller's own row (and nothing else may change). */
const OPEN_WRITES: Record<string, { body: object; outsider: number; own?: string }> = {
  // A parent's views, a teacher's observation: the pupil must be theirs (404 otherwise: the cycle is hidden).
  'post /v1/schools/{schoolId}/plan-cycles/{cycleId}/contributions': { body: { body: 'Probe: views before the review' }, outsider: 404 },
  // Recording sessions: only the group's own staff (the group is the SENCO's here), the SENCO and the head.
  'post /v1/schools/{schoolId}/intervention-groups/{groupId}/sessions/record': {
    body: { sessions: [{ sessionId: '00000000-0000-4000-8000-000000000000', status: 'cancelled', cancelReason: 'other' }] },
    outsider: 403,
  },
  'put /v1/schools/{schoolId}/intervention-sessions/{sessionId}': { body: { reason: 'Probe', status: 'cancelled', cancelReason: 'other' }, outsider: 403 },
  // A member of staff's own calendar link: theirs to make or revoke, nobody else's data.
  'post /v1/schools/{schoolId}/calendar-feed': { body: {}, outsider: 201, own: 'calendar_feeds' },
  'delete /v1/schools/{schoolId}/calendar-feed': { body: {}, outsider: 204, own: 'calendar_feeds' },
  // A person's own channels (a parent's, or staff's): no id, no pupil, nobody else's row.
  'put /v1/schools/{schoolId}/notification-preferences': { body: { email: true }, outsider: 200, own: 'staff_notification_settings' },
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
let secrets: string[];

beforeAll(async () => {
  api = await startTestApi();
  a = await createTestSchool(api.dataSource);
  b = await createTestSchool(api.dataSource);
  const senco = (await api.login(a.users.senco.email)).accessToken;
  const made = await populateRegister(api, senco, a.school.id, a.users.teacher.id);
  ids = routeParamIds(made, a.school.id, a.users.teacher.id);
  const admin = await createUser(api.dataSource, `admin-matrix-${Date.now()}@test.invalid`, { isPlatformAdmin: true });
  tokens.otherSenco = (await api.login(b.users.senco.email)).accessToken;
  tokens.parent = (await api.login(a.users.parent.email)).accessToken;
  tokens.teacher = (await api.login(a.users.teacher.email)).accessToken;
  tokens.otherTeacher = (await api.login((await addMember(api.dataSource, a.school.id, 'teacher')).email)).accessToken;
  tokens.admin = (await api.login(admin.email)).accessToken;
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();
  // Every role of the other school.
  for (const role of ['head', 'teacher', 'parent'] as const) tokens[`other_${role}`] = (await api.login(b.users[role].email)).accessToken;
  // A genuine token of this school's SENCO, but expired.
  const claims = jwt.decode(senco) as { sub: string; sid: string; iss: string; aud: string };
  tokens.expired = jwt.sign({ sub: claims.sub, sid: claims.sid, exp: Math.floor(Date.now() / 1000) - 60 }, process.env.JWT_SECRET ?? '', {
    issuer: claims.iss,
    audience: claims.aud,
  });
  // A parent of another pupil of this school: their child's contact linked to their account.
  const other = await addPupil(api, senco, a.school.id);
  const contact = await api
    .http()
    .post(`/v1/schools/${a.school.id}/pupils/${other.id}/contacts`)
    .set(bearer(senco))
    .send({
      firstName: 'Other',
      lastName: 'Parent',
      email: `other-parent-${Date.now()}@test.invalid`,
      preferredChannel: 'email',
      relationship: 'father',
      parentalResponsibility: true,
    });
  expect(contact.status).toBe(201);
  const otherParent = await addMember(api.dataSource, a.school.id, 'parent');
  await sql.query('begin');
  await sql.query(`select set_config('app.school_ids', $1, true), set_config('app.pupil_access', 'all', true)`, [`{${a.school.id}}`]);
  await sql.query(`update contacts set user_id = $1 where id = $2`, [otherParent.id, contact.body.id]);
  await sql.query('commit');
  tokens.otherParent = (await api.login(otherParent.email)).accessToken;
  // What must never show to them: the probed pupil's id, UPN and surname.
  const probed = await api.http().get(`/v1/schools/${a.school.id}/pupils/${made.pupilId}`).set(bearer(senco));
  secrets = [made.pupilId, probed.body.upn, probed.body.legalLastName];
  expect(secrets.every((x) => typeof x === 'string' && x.length > 5)).toBe(true);
});
afterAll(async () => {
  await sql.end();
  await api.close();
  const probed = operations.length + allOperations.filter((op) => ONE_ROLE[key(op)]).length;
  const described = allOperations.filter((op) => PUBLIC[key(op)]).length;
  process.stdout.write(
    `route probe: ${probed} of ${allOperations.length} operations probed across schools and roles, ${described} public by design and described; ` +
      `coverage ${Math.round(((probed + described) * 100) / allOperations.length)}%\n`,
  );
});

const url = (op: Operation) =>
  op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
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

  it('with an expired token: 401', async () => {
    expect((await call(op, tokens.expired)).status).toBe(401);
  });

  it('as each role of another school (SENCO, head, teacher, parent): 404, the school is not theirs', async () => {
    for (const who of ['otherSenco', 'other_head', 'other_teacher', 'other_parent'])
      expect({ who, status: (await call(op, tokens[who])).status }).toEqual({ who, status: 404 });
  });

  if (!OPEN_WRITES[key(op)]) {
    it('as a parent of another pupil, and a teacher who does not teach the pupil: nothing of the pupil shows, nothing changes', async () => {
      const before = await snapshot();
      for (const who of ['otherParent', 'otherTeacher']) {
        const res = await call(op, tokens[who]);
        expect({ who, status: res.status, serverError: res.status >= 500 }).toMatchObject({ who, serverError: false });
        if (op.method !== 'get') expect({ who, status: res.status, refused: [403, 404].includes(res.status) }).toMatchObject({ who, refused: true });
        // The request's own path comes back in a problem's `instance`: the caller sent that id, it reveals nothing.
        const text = (res.text ?? JSON.stringify(res.body ?? '')).replaceAll(url(op), '');
        for (const secret of secrets) expect({ who, leaks: text.includes(secret) }).toEqual({ who, leaks: false });
      }
      expect(await snapshot()).toEqual(before);
    });
  }

  it('as a parent of no pupil here, and a platform admin: never a success that reveals or changes pupil data', async () => {
    const before = await snapshot();
    for (const who of ['parent', 'admin']) {
      const res = await call(op, tokens[who]);
      // Their own things only: the school's name, their (no) children, their own (empty) inbox.
      // …and the upload limits a parent sees before uploading evidence (school settings, no pupil data).
      const own = who === 'parent' && ['/children', '/inbox', '/inbox/unread-count', '/document-limits'].some((end) => op.path.endsWith(end));
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
      const { outsider, own } = OPEN_WRITES[key(op)]!;
      expect((await call(op, tokens.otherTeacher)).status).toBe(outsider);
      const after = await snapshot();
      if (outsider < 300) {
        // Their own row (a calendar link, their channels): only that table may change.
        expect(own).toBeDefined();
        expect({ ...after, [own!]: '' }).toEqual({ ...before, [own!]: '' });
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

it('places every operation of the document: probed, or described as public with a reason', () => {
  const unplaced = allOperations.filter((op) => !op.path.startsWith('/v1/schools/{schoolId}') && !ONE_ROLE[key(op)] && !PUBLIC[key(op)]).map(key);
  expect(unplaced).toEqual([]);
  const stale = [...Object.keys(ONE_ROLE), ...Object.keys(PUBLIC)].filter((k) => !allOperations.some((op) => key(op) === k));
  expect(stale).toEqual([]);
});

describe.each(allOperations.filter((op) => ONE_ROLE[key(op)]).map((op) => [`${op.method.toUpperCase()} ${op.path} (${ONE_ROLE[key(op)]} only)`, op] as const))(
  '%s',
  (_name, op) => {
    it("without a token or with an expired one: 401; as a school's SENCO, teacher or parent: 403; nothing changes", async () => {
      const before = await snapshot();
      const send = (token?: string) => {
        const req = api.http()[op.method](url(op));
        if (token) req.set(bearer(token));
        return op.method === 'get' ? req.query({ academicYear: '2026' }) : req.send({});
      };
      expect((await send()).status).toBe(401);
      expect((await send(tokens.expired)).status).toBe(401);
      for (const who of ['otherSenco', 'teacher', 'parent']) expect({ who, status: (await send(tokens[who])).status }).toEqual({ who, status: 403 });
      expect(await snapshot()).toEqual(before);
    });
  },
);

import { readFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import fc from 'fast-check';
import { TenantTransactions } from '#libs/database';
import { createTestSchool, createTrustWithLead, createUser, type TestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from './helpers/api.js';
import { hostileFileArb, type HostileFile } from './helpers/hostile-files.js';
import { bearer, populateRegister, routeParamIds } from './helpers/register.js';

/**
 * Property-based fuzzing of every operation in the committed OpenAPI document (fast-check). For each, requests
 * are generated from the operation's own schemas (path and query parameters, JSON or CSV body), with hostile
 * values mixed in at every level: very long strings, unicode controls and emoji, nulls, wrong types, huge and
 * negative numbers, SQL and HTML fragments, impossible dates, deeply nested JSON. Path parameters are real
 * objects of the school half the time, so the generated bodies reach the services and not only the router.
 * The property: never a 5xx, and every error is problem+json. A new route is fuzzed without anyone adding it.
 * And nothing partially written: for one refused write in four, a fingerprint of every row of the school (each
 * tenant table's row count and row hashes, from the catalogue) is the same before and after.
 * The seed is fixed so a run is reproducible; FUZZ_SEED=n explores others, FUZZ_RUNS=n changes the count.
 */
jest.setTimeout(600_000);

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  allOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}
interface OperationSpec {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const spec = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<Method, OperationSpec>>;
  components: { schemas: Record<string, Schema> };
};
// FUZZ_ONLY=text fuzzes only the operations whose path contains it (to explore one route; the counts below then relax).
const ONLY = process.env.FUZZ_ONLY;
const operations = Object.entries(spec.paths)
  .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method as Method, op })))
  .filter((o) => !ONLY || o.path.includes(ONLY));
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const RUNS = Number(process.env.FUZZ_RUNS ?? 56);

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
}
const HOSTILE: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  null,
  '',
  ' ',
  'x'.repeat(20_000),
  '\u202e\u0000\u200b\ud83d\ude00 Zoë Łukasiewicz \u0007',
  "' or 1=1; drop table pupils; --",
  '"; select pg_sleep(5); --',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  "=cmd|' /C calc'!A0",
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '2026-02-30',
  '9999-99-99',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  -1,
  0,
  3.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  Number.MAX_SAFE_INTEGER,
  true,
  false,
  [],
  {},
  [null],
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
  deep(300),
);

function resolve(schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++) s = spec.components.schemas[s.$ref.replace('#/components/schemas/', '')] ?? {};
  if (s.allOf)
    return s.allOf
      .map(resolve)
      .reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties }, required: [...(a.required ?? []), ...(b.required ?? [])] }), {});
  return s;
}

/** Values of a schema, with hostile ones mixed in at every level. */
function arb(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema ?? {});
  let base: fc.Arbitrary<unknown>;
  if (s.enum?.length) base = fc.constantFrom(...s.enum);
  else if (s.type === 'string' && s.format === 'uuid') base = fc.uuid();
  else if (s.type === 'string' && s.format === 'date-time') base = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  else if (s.type === 'string')
    base = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.date({ min: new Date('2019-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
    );
  else if (s.type === 'integer') base = fc.integer({ min: Math.max(-1_000_000, (s.minimum ?? -1000) - 5), max: Math.min(1_000_000, (s.maximum ?? 1000) + 5) });
  else if (s.type === 'number') base = fc.double({ noNaN: true });
  else if (s.type === 'boolean') base = fc.boolean();
  else if (s.type === 'array') base = depth > 4 ? fc.constant([]) : fc.array(arb(s.items, depth + 1), { maxLength: 4 });
  else if (s.type === 'object' || s.properties) {
    if (depth > 4 || !s.properties) base = fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
    else {
      const props = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, arb(v, depth + 1)]));
      base = fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
  } else base = fc.jsonValue({ maxDepth: 2 });
  return fc.oneof({ weight: 5, arbitrary: base }, { weight: 1, arbitrary: HOSTILE });
}

/** CSV files for the import: headers that may or may not be the school's, quoting gone wrong, binary noise. */
const csvArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(
      fc.array(
        fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('"', '""', '"a,b"', '\r\n', '\u0000', '\ufeffUPN', '=1+1', 'A123456789012', '2016-02-30')),
        { maxLength: 8 },
      ),
      { maxLength: 12 },
    )
    .map((rows) => ['UPN,Legal Forename,Legal Surname,Date of Birth,NC Year Actual', ...rows.map((r) => r.join(','))].join('\n')),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.constant(''),
  fc.constant('x'.repeat(100_000)),
);

let api: TestApi;
let a: TestSchool;
let ids: Record<string, string>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  api = await startTestApi();
  a = await createTestSchool(api.dataSource);
  const senco = (await api.login(a.users.senco.email)).accessToken;
  const made = await populateRegister(api, senco, a.school.id, a.users.teacher.id);
  ids = { ...routeParamIds(made, a.school.id, a.users.teacher.id), urn: a.school.urn, file: 'no-such-feed.ics' };
  emails.admin = (await createUser(api.dataSource, `admin-fuzz-${Date.now()}@test.invalid`, { isPlatformAdmin: true })).email;
  emails.trust = (await createTrustWithLead(api.dataSource)).lead.email;
  await signIn();
});

/** Who the requests are sent as. Signed in again when a run outlasts the access tokens (FUZZ_RUNS in the hundreds). */
const emails: Record<string, string> = {};
let signedInAt = 0;
async function signIn(): Promise<void> {
  const who = { senco: a.users.senco.email, parent: a.users.parent.email, leaver: a.users.head.email, admin: emails.admin!, trust: emails.trust! };
  for (const [name, email] of Object.entries(who)) tokens[name] = (await api.login(email)).accessToken;
  signedInAt = Date.now();
}
beforeEach(async () => {
  if (Date.now() - signedInAt > 10 * 60_000) await signIn();
});
afterAll(async () => {
  await api.close();
});

/**
 * Every row the school holds, hashed: each tenant table's count and the sum of its rows' hashes, under the
 * school's own RLS setting. The access log is left out: reads (which the fuzz also makes) append to it.
 */
let fingerprintSql: string | undefined;
async function fingerprint(): Promise<string> {
  const tx = new TenantTransactions(api.dataSource);
  return tx.run({ schoolIds: [a.school.id], pupilAccess: 'all' }, async (m) => {
    if (!fingerprintSql) {
      const tables = (
        await m.query<{ name: string }[]>(
          `select c.table_name as name from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
          where c.table_schema = 'public' and c.column_name = 'school_id' and t.table_type = 'BASE TABLE' and c.table_name <> 'access_events' order by 1`,
        )
      ).map((t) => t.name);
      fingerprintSql = `select ${tables.map((t) => `(select count(*) || ':' || coalesce(sum(hashtext(x::text)::bigint), 0) from ${t} x)`).join(` || ',' || `)} as print`;
    }
    return (await m.query<{ print: string }[]>(fingerprintSql))[0]!.print;
  });
}
let checkedWrites = 0;
let writes = 0;

interface Generated {
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  hostileBody: boolean;
  asParent: boolean;
}

const failures: string[] = [];
let sent = 0;

it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
  '%s: no 5xx, every error problem+json',
  async (_name, { path, method, op }) => {
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const contentType = op.requestBody ? Object.keys(op.requestBody.content)[0]! : null;
    const bodySchema = contentType ? op.requestBody!.content[contentType]!.schema : undefined;
    const generated = fc.record<Generated>({
      path: fc
        .tuple(
          ...pathParams.map((p) =>
            fc.oneof({ weight: 1, arbitrary: fc.constant(ids[p.name] ?? 'unknown') }, { weight: 1, arbitrary: arb(p.schema).map(String) }),
          ),
        )
        .map((values) => pathParams.reduce((acc, p, i) => acc.replace(`{${p.name}}`, encodeURIComponent(values[i] as string)), path)),
      query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, arb(p.schema)])), { requiredKeys: [] }),
      body: contentType === 'text/csv' ? csvArb : contentType === 'multipart/form-data' ? hostileFileArb : arb(bodySchema),
      hostileBody: fc.boolean(),
      asParent: fc.boolean(),
    });
    const samples = fc.sample(generated, { numRuns: RUNS, seed: SEED + sent });
    for (const g of samples) {
      // Logging out everywhere ends every session of its caller: it gets a user of its own, so the rest still run.
      const token =
        path === '/v1/auth/logout-everywhere'
          ? tokens.leaver
          : path.startsWith('/v1/admin')
            ? tokens.admin
            : path.startsWith('/v1/trust')
              ? tokens.trust
              : g.asParent
                ? tokens.parent
                : tokens.senco;
      const req = api.http()[method](g.path).set(bearer(token!));
      const query = Object.fromEntries(
        Object.entries(g.query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
      req.query(query);
      if (contentType === 'text/csv') req.set('content-type', 'text/csv').send(String(g.body));
      else if (contentType === 'multipart/form-data') {
        const file = g.body as HostileFile;
        // Half the time a well-formed upload of a hostile file; otherwise the same bytes as a raw, unframed body.
        if (g.hostileBody) req.set('content-type', 'multipart/form-data; boundary=x').send(file.content);
        else req.attach(file.field, file.content, { filename: file.filename, contentType: file.contentType });
      } else if (contentType) req.set('content-type', 'application/json').send(g.hostileBody && g.body === null ? 'null' : JSON.stringify(g.body ?? null));
      // One write in four is checked for partial effects: refused means the school's rows are as they were.
      const checked = method !== 'get' && writes++ % 4 === 0;
      const before = checked ? await fingerprint() : '';
      const res = await req;
      sent += 1;
      if (checked && res.status >= 400 && res.status < 500) {
        checkedWrites += 1;
        if ((await fingerprint()) !== before)
          failures.push(
            `${method.toUpperCase()} ${path} → ${res.status} but the school's rows changed: ${JSON.stringify({ path: g.path.slice(0, 200), body: JSON.stringify(g.body ?? null).slice(0, 300) })}`,
          );
      }
      const problem = String(res.headers['content-type'] ?? '').startsWith('application/problem+json');
      if (res.status >= 500 || (res.status >= 400 && !problem)) {
        // What the server logged for this request (its error type and message), to find the fault quickly.
        const logged = api.logs
          .filter((l) => res.body?.requestId && l.includes(res.body.requestId as string) && l.includes('"err"'))
          .map((l) => l.slice(0, 600));
        failures.push(
          `${method.toUpperCase()} ${path} → ${res.status} (${res.headers['content-type']}): ${JSON.stringify({ path: g.path.slice(0, 200), query, body: JSON.stringify(g.body ?? null).slice(0, 300) })} ${String(res.text).slice(0, 300)} ${logged.join(' ')}`,
        );
      }
    }
    expect(failures.filter((f) => f.startsWith(`${method.toUpperCase()} ${path} `))).toEqual([]);
  },
);

it('a NUL character (which PostgreSQL cannot store) is refused with 400 naming the field, in a body, a query or a path', async () => {
  const body = await api
    .http()
    .post(`/v1/schools/${a.school.id}/interventions`)
    .set(bearer(tokens.senco!))
    .send({ name: 'Reading\u0000club', areaOfNeed: 'cognition_learning' });
  expect(body.status).toBe(400);
  expect(body.body.errors).toEqual([{ field: 'name', message: expect.stringContaining('NUL') }]);
  const nested = await api
    .http()
    .post(`/v1/admin/trusts`)
    .set(bearer(tokens.admin!))
    .send({ name: 'Trust', extra: { deep: ['ok', 'b\u0000d'] } });
  expect(nested.status).toBe(400);
  expect(nested.body.errors[0].field).toBe('extra.deep.1');
  const query = await api.http().get(`/v1/schools/${a.school.id}/register`).query({ q: 'Sm\u0000ith' }).set(bearer(tokens.senco!));
  expect(query.status).toBe(400);
  expect(query.body.errors[0].field).toBe('q');
});

it('what the fuzz found once it reached the school routes: an exponent-only number and a malformed date are 400s naming the field', async () => {
  const base = `/v1/schools/${a.school.id}`;
  const tiny = await api
    .http()
    .post(`${base}/intervention-groups/${ids.groupId}/enrolments`)
    .set(bearer(tokens.senco!))
    .send({ pupilId: ids.pupilId, measureName: 'Words read', entryValue: 3e-323 });
  expect(tiny.status).toBe(400);
  expect(tiny.body.errors).toEqual([expect.objectContaining({ field: 'entryValue' })]);
  for (const from of ['', 'true', '2026-02-30']) {
    const res = await api.http().get(`${base}/sessions/mine`).query({ from }).set(bearer(tokens.senco!));
    expect({ from, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ from, status: 400, fields: ['from'] });
  }
  const both = await api.http().get(`${base}/intervention-groups/${ids.groupId}/sessions`).query({ from: 'x', to: 'y' }).set(bearer(tokens.senco!));
  expect(both.body.errors.map((e: { field: string }) => e.field)).toEqual(['from', 'to']);
});

it(`sent at least 5,000 generated requests (seed ${SEED})`, () => {
  process.stdout.write(
    `fuzz: ${sent} requests over ${operations.length} operations, seed ${SEED}, ${failures.length} failures; ${checkedWrites} refused writes checked for partial effects\n`,
  );
  expect(sent).toBeGreaterThanOrEqual(RUNS === 56 && !ONLY ? 5000 : 1);
  expect(checkedWrites).toBeGreaterThanOrEqual(RUNS === 56 && !ONLY ? 500 : 0);
});

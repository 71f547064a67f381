import { readFileSync } from 'node:fs';
import { academicYearOf, addDays } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { addMember, createTestSchool, createTrustWithLead, createUser, pdfText, type TestSchool } from '#libs/testing';
import { binaryBody, expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { openYear } from './helpers/interventions.js';
import { goodPlan } from './helpers/plans.js';
import { addPupil, bearer, daysAgo, linkParent, setStatus, todayInLondon } from './helpers/register.js';

/**
 * Ordinarily available provision (issue 26, docs/oap.md), through the API: an authority's framework imported by
 * the platform admin for an LA; a pupil with SEMH needs in a school of that LA, whose plan evidences two of five
 * expectations, shows three gaps to the SENCO, a teacher of the pupil and the parent (in plain words); recording
 * the missing provision clears them; a school of another LA has no framework; bad files are refused row by row
 * with nothing stored; a trust lead imports for the trust's own schools only.
 */
let api: TestApi;
let a: TestSchool;
let b: TestSchool;
const tokens: Record<string, string> = {};
const tx = () => new TenantTransactions(api.dataSource);
const setLa = (schoolId: string, laCode: string) =>
  tx().run({ schoolIds: [], platformAdmin: true }, (m) => m.query(`update schools set la_code = $1 where id = $2`, [laCode, schoolId]));
// An LA no other suite's school uses (the browser suite imports Kent's example, 886, for real; others use real codes).
const LA = '998';

const semh = (code: string, extra: Record<string, unknown>) => ({ code, areaOfNeed: 'social_emotional_mental_health', ...extra });
const framework = (extra: Record<string, unknown> = {}) => ({
  laCode: LA,
  name: 'Test authority OAP',
  version: 1,
  effectiveFrom: '2024-09-01',
  source: 'Test Council, Ordinarily available provision, 2024',
  scale: ['Universal', 'Targeted'],
  expectations: [
    semh('SEMH-1', {
      level: 'Targeted',
      text: 'Weekly emotional literacy sessions with a trained ELSA.',
      evidence: 'intervention',
      interventionKind: 'ELSA',
      frequencyCount: 1,
      frequencyPeriod: 'week',
    }),
    semh('SEMH-2', {
      level: 'Targeted',
      text: 'A small social skills group each week.',
      evidence: 'intervention',
      interventionKind: 'social skills',
      frequencyCount: 1,
      frequencyPeriod: 'week',
    }),
    semh('SEMH-3', { level: 'Universal', text: 'A named adult checks in each morning.', evidence: 'adjustment' }),
    semh('SEMH-4', { level: 'Universal', text: 'A visual timetable and warning of changes.', evidence: 'adjustment' }),
    semh('SEMH-5', {
      level: 'Targeted',
      text: 'A nurture group at least twice a week.',
      evidence: 'intervention',
      interventionKind: 'nurture',
      frequencyCount: 2,
      frequencyPeriod: 'week',
    }),
    { code: 'CI-1', areaOfNeed: 'communication_and_interaction', text: 'Pre-teach key vocabulary.', evidence: 'adjustment' },
  ],
  ...extra,
});
const importAsAdmin = (body: unknown, commit = false) =>
  api
    .http()
    .post(`/v1/admin/oap-frameworks${commit ? '?commit=true' : ''}`)
    .set(bearer(tokens.admin!))
    .send(body as object);
const frameworkCount = () =>
  tx().run({ schoolIds: [], platformAdmin: true }, async (m) => (await m.query<{ n: number }[]>(`select count(*)::int as n from oap_frameworks`))[0]!.n);
const comparison = (token: string, pupilId: string, school = a) => api.http().get(`/v1/schools/${school.school.id}/pupils/${pupilId}/oap`).set(bearer(token));
const statuses = (body: { expectations: { code: string; status: string; evidencedBy: string | null }[] }) =>
  Object.fromEntries(body.expectations.map((e) => [e.code, e.evidencedBy ?? e.status]));

let pupilId: string;
/** The evidence pack's OAP section, read back from the PDF (the rest of the pack is checked in plans.e2e). */
const packText = async (id: string) => {
  const pdf = await api
    .http()
    .get(`/v1/schools/${a.school.id}/pupils/${id}/evidence-pack?format=pdf`)
    .set(bearer(tokens.senco!))
    .buffer(true)
    .parse(binaryBody);
  expect(pdf.status).toBe(200);
  const { text } = await pdfText(pdf.body as Buffer);
  return text.replace(/\s+/g, ' ');
};

/** The codes the plan's "ordinarily available provision not evidenced" flags name, in order. */
const oapFlags = async (id: string) => {
  const plan = await api.http().get(`/v1/schools/${a.school.id}/pupils/${id}/plan`).set(bearer(tokens.senco!)).expect(200);
  return (plan.body.flags as { code: string; message: string }[])
    .filter((f) => f.code === 'oap_not_evidenced')
    .map((f) => /\((SEMH-\d)\)/.exec(f.message)?.[1]);
};

beforeAll(async () => {
  api = await startTestApi();
  a = await createTestSchool(api.dataSource);
  b = await createTestSchool(api.dataSource);
  await setLa(a.school.id, LA);
  await setLa(b.school.id, '935');
  const admin = await createUser(api.dataSource, `admin-oap-${Date.now()}@test.invalid`, { isPlatformAdmin: true });
  tokens.admin = (await api.login(admin.email)).accessToken;
  tokens.senco = (await api.login(a.users.senco.email)).accessToken;
  tokens.teacher = (await api.login(a.users.teacher.email)).accessToken;
  tokens.otherTeacher = (await api.login((await addMember(api.dataSource, a.school.id, 'teacher')).email)).accessToken;
  tokens.senco_b = (await api.login(b.users.senco.email)).accessToken;
});
afterAll(async () => {
  await api.close();
});

it('the two example frameworks shipped in data/oap pass the dry run and are not stored by it', async () => {
  // An authority's framework is accepted only for an LA code some school has (docs/oap.md).
  const wilts = await createTestSchool(api.dataSource);
  await setLa(wilts.school.id, '865');
  const kent = await createTestSchool(api.dataSource);
  await setLa(kent.school.id, '886');
  const before = await frameworkCount();
  for (const file of ['kent-886.json', 'wiltshire-865.json']) {
    const body: unknown = JSON.parse(readFileSync(new URL(`../data/oap/${file}`, import.meta.url), 'utf8'));
    const res = await importAsAdmin(body);
    expect({ file, status: res.status, body: res.body }).toMatchObject({ file, status: 200, body: { stored: false, frameworkId: null } });
    expect(res.body.expectations).toBeGreaterThan(10);
    expect(Object.keys(res.body.byArea)).toHaveLength(4);
  }
  expect(await frameworkCount()).toBe(before);
});

it('bad files: every bad row named (unknown area, repeated code, level off the scale), an unknown LA code refused; nothing stored', async () => {
  const before = await frameworkCount();
  const bad = framework({
    expectations: [
      semh('S1', { text: 'Fine', evidence: 'adjustment' }),
      { code: 'S2', areaOfNeed: 'feelings', text: 'Unknown area', evidence: 'adjustment' },
      semh('S1', { text: 'Repeated code', evidence: 'adjustment' }),
      semh('S4', { level: 'Range 7', text: 'Off the scale', evidence: 'adjustment' }),
    ],
  });
  for (const commit of [false, true]) {
    const problem = expectProblem(await importAsAdmin(bad, commit), 400) as { errors: { field: string; message: string }[] };
    expect(problem.errors).toEqual([
      { field: 'row 2: areaOfNeed', message: expect.stringContaining('unknown area of need "feelings"') },
      { field: 'row 3: code', message: expect.stringContaining('used already at row 1') },
      { field: 'row 4: level', message: expect.stringContaining('Universal, Targeted') },
    ]);
  }
  const unknownLa = expectProblem(await importAsAdmin(framework({ laCode: '999' }), true), 400) as { errors: { field: string; message: string }[] };
  expect(unknownLa.errors).toEqual([{ field: 'laCode', message: expect.stringContaining('999 is not a known local authority code') }]);
  // The same checks on a CSV file: its rows are spreadsheet rows (the header is row 1).
  const csv = 'code,area_of_need,expectation,evidence\nC1,cognition_and_learning,Chunked tasks,adjustment\nC2,maths,Unknown area,adjustment\n';
  const query = `laCode=${LA}&name=CSV&version=5&effectiveFrom=2024-09-01&source=Test%20Council%2C%202024&commit=true`;
  const fromCsv = await api.http().post(`/v1/admin/oap-frameworks?${query}`).set(bearer(tokens.admin!)).set('content-type', 'text/csv').send(csv);
  expect((expectProblem(fromCsv, 400) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['row 3: areaOfNeed']);
  expect(await frameworkCount()).toBe(before);
});

it('a framework imported for an LA: a SEMH pupil whose plan evidences two of five expectations shows three gaps, to staff and parent', async () => {
  const dry = await importAsAdmin(framework());
  expect(dry.body).toMatchObject({
    stored: false,
    expectations: 6,
    byArea: { social_emotional_mental_health: 5, communication_and_interaction: 1 },
    schoolsInLa: 1,
  });
  const stored = await importAsAdmin(framework(), true);
  expect(stored.body).toMatchObject({ stored: true, laCode: LA, version: 1 });
  expect(expectProblem(await importAsAdmin(framework(), true), 409).detail).toMatch(/Version 1 .* exists already/);

  const school = `/v1/schools/${a.school.id}`;
  const used = await api.http().get(`${school}/oap-framework`).set(bearer(tokens.teacher!)).expect(200);
  expect(used.body.framework).toMatchObject({ name: 'Test authority OAP', laCode: LA, scale: ['Universal', 'Targeted'] });
  expect(used.body.expectations).toHaveLength(6);

  pupilId = (await addPupil(api, tokens.senco!, a.school.id, { className: '4B' })).id;
  expect((await setStatus(api, tokens.senco!, a.school.id, pupilId, { status: 'K', startDate: daysAgo(40), primaryNeed: 'SEMH' })).status).toBe(201);
  await api
    .http()
    .put(`${school}/staff/${a.users.teacher.id}/classes`)
    .set(bearer(tokens.senco!))
    .send({ classNames: ['4B'] })
    .expect(200);
  const startsOn = daysAgo(20);
  const plan = goodPlan(startsOn);
  const line = (description: string) => ({ ...plan.provisions[0], description, frequencyCount: 1, frequencyPeriod: 'week' });
  const cycle = await api
    .http()
    .post(`${school}/pupils/${pupilId}/plan-cycles`)
    .set(bearer(tokens.senco!))
    .send({
      ...plan,
      needs: [{ area: 'social_emotional_mental_health', description: 'Finds it hard to settle after break; withdraws when anxious.' }],
      provisions: [line('Weekly ELSA session with the trained ELSA'), line('Social skills group (Lego-based)'), plan.provisions[1]],
    })
    .expect(201);
  await api.http().post(`${school}/plan-cycles/${cycle.body.id}/agree`).set(bearer(tokens.senco!)).expect(200);
  await api.http().post(`${school}/plan-cycles/${cycle.body.id}/activate`).set(bearer(tokens.senco!)).expect(200);

  const seen = await comparison(tokens.senco!, pupilId).expect(200);
  expect(seen.body.areas).toEqual([{ code: 'social_emotional_mental_health', label: 'Social, emotional and mental health' }]);
  expect(statuses(seen.body)).toEqual({
    'SEMH-1': 'plan_provision',
    'SEMH-2': 'plan_provision',
    'SEMH-3': 'not_evidenced',
    'SEMH-4': 'not_evidenced',
    'SEMH-5': 'not_evidenced',
  });
  expect(seen.body.summary).toEqual({ evidenced: 2, notEvidenced: 3, notApplicable: 0 });
  expect(seen.body.expectations[0]).toMatchObject({ evidenceDescription: 'Weekly ELSA session with the trained ELSA', level: 'Targeted' });

  // A teacher of the pupil sees it; a teacher who does not teach the pupil finds no such pupil.
  expect(statuses((await comparison(tokens.teacher!, pupilId).expect(200)).body)).toEqual(statuses(seen.body));
  expectProblem(await comparison(tokens.otherTeacher!, pupilId), 404);
  // The parent, in plain words, through the same route their other views of the child use.
  tokens.parent = await linkParent(api, tokens.senco!, a.school.id, pupilId, `oap-parent-${Date.now()}@test.invalid`);
  const parent = await comparison(tokens.parent, pupilId).expect(200);
  expect(parent.body.summary).toEqual({ evidenced: 2, notEvidenced: 3, notApplicable: 0 });
  expect(parent.body.expectations.map((e: { plain: string }) => e.plain)).toEqual([
    `Provided: your child's support plan includes "Weekly ELSA session with the trained ELSA".`,
    `Provided: your child's support plan includes "Social skills group (Lego-based)".`,
    'The school has not recorded making this change in class for your child.',
    'The school has not recorded making this change in class for your child.',
    'The school has not recorded providing this for your child, as often as the council expects.',
  ]);

  // The quality check flags each gap, in the plan (the plan editor shows these) and in the school's list.
  expect(await oapFlags(pupilId)).toEqual(['SEMH-3', 'SEMH-4', 'SEMH-5']);
  const summary = await api.http().get(`${school}/plan-flags/summary`).set(bearer(tokens.senco!)).expect(200);
  expect(summary.body.byCode.find((c: { code: string }) => c.code === 'oap_not_evidenced')).toMatchObject({ pupils: 1, flags: 3 });

  // The evidence pack gains the comparison: what the authority expects, and the three not evidenced.
  const pack = await packText(pupilId);
  expect(pack).toContain('What the local authority expects schools to provide ordinarily');
  expect(pack).toContain('3 of 5 expectations for the pupil’s areas of need are not evidenced');
  expect(pack.match(/Not evidenced/g)).toHaveLength(3);

  // Every read is in the pupil's access log: SENCO, teacher and parent (the refused read left none).
  const logged = await tx().run({ schoolIds: [a.school.id], pupilAccess: 'all' }, (m) =>
    m.query<{ actor_roles: string }[]>(`select actor_roles from access_events where pupil_id = $1 and resource = 'oap_comparison' order by occurred_at`, [
      pupilId,
    ]),
  );
  expect(logged.map((r) => r.actor_roles)).toEqual(['senco', 'teacher', 'parent']);
});

it('recording the missing provision clears the gaps: two adjustments in class and a nurture group attended', async () => {
  const s = `/v1/schools/${a.school.id}`;
  const adjust = (expectationCode: string, description: string) =>
    api
      .http()
      .post(`${s}/pupils/${pupilId}/oap-adjustments`)
      .set(bearer(tokens.senco!))
      .send({ expectationCode, description, startedOn: daysAgo(5) });
  await adjust('SEMH-3', 'Met at the gate by Ms Example each morning').expect(201);
  const afterTwo = await adjust('semh-4', 'Visual timetable on the desk; changes flagged the day before').expect(201);
  expect(afterTwo.body.summary).toEqual({ evidenced: 4, notEvidenced: 1, notApplicable: 0 });
  // Bad input names the field and changes nothing.
  expect((expectProblem(await adjust('SEMH-9', 'No such expectation'), 400) as { errors: { field: string }[] }).errors[0]?.field).toBe('expectationCode');
  expectProblem(await api.http().post(`${s}/pupils/${pupilId}/oap-adjustments`).set(bearer(tokens.teacher!)).send({}), 403);

  // The nurture group: the intervention twice a week, one session delivered with the pupil present.
  const today = todayInLondon();
  const start = addDays(today, -14);
  for (const y of new Set([academicYearOf(start), academicYearOf(today)])) {
    await api.http().put(`${s}/calendar/${y}`).set(bearer(tokens.senco!)).send(openYear(y)).expect(200);
  }
  const nurture = await api
    .http()
    .post(`${s}/interventions`)
    .set(bearer(tokens.senco!))
    .send({ name: 'Nurture group', areaOfNeed: 'social_emotional_mental_health', frequencyCount: 2, frequencyPeriod: 'week', sessionMinutes: 40, groupSize: 6 })
    .expect(201);
  const me = await api.http().get('/v1/me').set(bearer(tokens.senco!)).expect(200);
  const group = await api
    .http()
    .post(`${s}/intervention-groups`)
    .set(bearer(tokens.senco!))
    .send({
      interventionId: nurture.body.id,
      name: 'Nurture (Tue, Thu)',
      startsOn: start,
      endsOn: addDays(today, 30),
      staffUserIds: [me.body.id],
      schedule: [2, 4].map((weekday) => ({ weekday, startTime: '13:30', minutes: 40 })),
      pupils: [{ pupilId }],
    })
    .expect(201);
  // Enrolled but nothing delivered yet: still a gap.
  expect(statuses((await comparison(tokens.senco!, pupilId)).body)['SEMH-5']).toBe('not_evidenced');
  const sessions = await api.http().get(`${s}/intervention-groups/${group.body.id}/sessions?from=${start}&to=${today}`).set(bearer(tokens.senco!)).expect(200);
  const past = (sessions.body as { id: string; date: string }[]).find((x) => x.date < today)!;
  await api
    .http()
    .post(`${s}/intervention-groups/${group.body.id}/sessions/record`)
    .set(bearer(tokens.senco!))
    .send({ sessions: [{ sessionId: past.id, status: 'delivered', actualMinutes: 40, attendance: [{ pupilId, present: true }] }] })
    .expect(200);

  const cleared = await comparison(tokens.senco!, pupilId).expect(200);
  expect(statuses(cleared.body)).toEqual({
    'SEMH-1': 'plan_provision',
    'SEMH-2': 'plan_provision',
    'SEMH-3': 'adjustment',
    'SEMH-4': 'adjustment',
    'SEMH-5': 'intervention',
  });
  expect(cleared.body.summary).toEqual({ evidenced: 5, notEvidenced: 0, notApplicable: 0 });
  expect(await oapFlags(pupilId)).toEqual([]);
  const pack = await packText(pupilId);
  expect(pack).toContain('Every expectation for the pupil’s areas of need is evidenced or recorded as not applicable');
  expect(pack).not.toContain('Not evidenced');
  expect(cleared.body.adjustments).toHaveLength(2);
  const parent = await comparison(tokens.parent!, pupilId).expect(200);
  expect(parent.body.expectations[4].plain).toBe('Provided: your child has been attending "Nurture group".');
});

it('an expectation marked not applicable shows the reason; removing the mark brings the gap back', async () => {
  const other = (await addPupil(api, tokens.senco!, a.school.id)).id;
  expect((await setStatus(api, tokens.senco!, a.school.id, other, { status: 'K', startDate: daysAgo(10), primaryNeed: 'SEMH' })).status).toBe(201);
  const mark = (reason: string | null) =>
    api.http().put(`/v1/schools/${a.school.id}/pupils/${other}/oap-not-applicable`).set(bearer(tokens.senco!)).send({ expectationCode: 'SEMH-5', reason });
  const marked = await mark('Attends the nurture provision at the partner school twice a week').expect(200);
  expect(marked.body.expectations.find((e: { code: string }) => e.code === 'SEMH-5')).toMatchObject({
    status: 'not_applicable',
    notApplicableReason: 'Attends the nurture provision at the partner school twice a week',
  });
  expect(marked.body.summary).toEqual({ evidenced: 0, notEvidenced: 4, notApplicable: 1 });
  expect((await mark(null).expect(200)).body.summary).toEqual({ evidenced: 0, notEvidenced: 5, notApplicable: 0 });
  expect((expectProblem(await mark('x'), 400) as { errors: { field: string }[] }).errors[0]?.field).toBe('reason');
});

it('a school in another LA sees no framework, and its pupils none of this one', async () => {
  const none = await api.http().get(`/v1/schools/${b.school.id}/oap-framework`).set(bearer(tokens.senco_b!)).expect(200);
  expect(none.body).toEqual({ framework: null, expectations: [] });
  const pupil = (await addPupil(api, tokens.senco_b!, b.school.id)).id;
  expect((await setStatus(api, tokens.senco_b!, b.school.id, pupil, { status: 'K', startDate: daysAgo(10), primaryNeed: 'SEMH' })).status).toBe(201);
  const res = await comparison(tokens.senco_b!, pupil, b).expect(200);
  expect(res.body).toMatchObject({ framework: null, expectations: [], summary: { evidenced: 0, notEvidenced: 0, notApplicable: 0 } });
  const mark = await api
    .http()
    .put(`/v1/schools/${b.school.id}/pupils/${pupil}/oap-not-applicable`)
    .set(bearer(tokens.senco_b!))
    .send({ expectationCode: 'SEMH-1', reason: 'Not in this LA' });
  expect((expectProblem(mark, 400) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/no ordinarily available provision framework/);
});

it("a trust lead imports for the trust's own schools (CSV), which then use it; another trust's lead cannot write it", async () => {
  const mine = await createTrustWithLead(api.dataSource);
  const other = await createTrustWithLead(api.dataSource);
  const ours = await createTestSchool(api.dataSource, { trustId: mine.trust.id });
  const theirs = await createTestSchool(api.dataSource, { trustId: other.trust.id });
  await setLa(ours.school.id, LA);
  await setLa(theirs.school.id, '935');
  const lead = (await api.login(mine.lead.email)).accessToken;
  const otherLead = (await api.login(other.lead.email)).accessToken;
  const csv =
    'Code,Area of need,Level,Expectation,Evidence,Intervention kind,Frequency count,Frequency period\nT-1,social_emotional_mental_health,Targeted,Daily check-in,intervention,check-in,1,day\n';
  const query = `laCode=${LA}&name=Trust%20adaptation&version=2&effectiveFrom=2025-01-01&source=Test%20Council%202024%2C%20adapted%20by%20the%20trust&scale=Universal|Targeted`;
  const post = (trustId: string, token: string, commit: boolean) =>
    api
      .http()
      .post(`/v1/trusts/${trustId}/oap-frameworks?${query}${commit ? '&commit=true' : ''}`)
      .set(bearer(token))
      .set('content-type', 'text/csv')
      .send(csv);
  const before = await frameworkCount();
  expectProblem(await post(mine.trust.id, otherLead, true), 404);
  const wrongLa = expectProblem(await post(other.trust.id, otherLead, true), 400) as { errors: { field: string; message: string }[] };
  expect(wrongLa.errors).toEqual([{ field: 'laCode', message: expect.stringContaining('no school of the trust is in it') }]);
  expect(await frameworkCount()).toBe(before);

  expect((await post(mine.trust.id, lead, true).expect(200)).body).toMatchObject({ stored: true, version: 2, expectations: 1, schoolsInLa: 1 });
  const listed = await api.http().get(`/v1/trusts/${mine.trust.id}/oap-frameworks`).set(bearer(lead)).expect(200);
  expect(listed.body.map((f: { version: number; ownerTrustId: string | null }) => [f.version, f.ownerTrustId])).toEqual([
    [2, mine.trust.id],
    [1, null],
  ]);
  expect((await api.http().get(`/v1/trusts/${other.trust.id}/oap-frameworks`).set(bearer(otherLead)).expect(200)).body).toEqual([]);
  // The trust's school uses the trust's framework; the school outside the trust keeps the platform's.
  const oursSenco = (await api.login(ours.users.senco.email)).accessToken;
  expect((await api.http().get(`/v1/schools/${ours.school.id}/oap-framework`).set(bearer(oursSenco)).expect(200)).body.framework.version).toBe(2);
  expect((await api.http().get(`/v1/schools/${a.school.id}/oap-framework`).set(bearer(tokens.senco!)).expect(200)).body.framework.version).toBe(1);
});

it('the framework evidenced in full for two review cycles with targets unmet prompts an EHC needs assessment, to staff and parent, with the cycles in the pack', async () => {
  const s = `/v1/schools/${a.school.id}`;
  const today = todayInLondon();
  const planOf = async (token: string) => (await api.http().get(`${s}/pupils/${pupilId}/plan`).set(bearer(token)).expect(200)).body;
  const prompts = async (token = tokens.senco!) =>
    ((await planOf(token)).flags as { code: string; message: string }[]).filter((f) => f.code === 'oap_evidenced_targets_unmet');
  const review = async (cycleId: string, outcome: 'achieved' | 'not_achieved') => {
    const { targets } = (await planOf(tokens.senco!)).current.inForce as { targets: { id: string }[] };
    const res = await api
      .http()
      .post(`${s}/plan-cycles/${cycleId}/review`)
      .set(bearer(tokens.senco!))
      .send({
        heldOn: today,
        attendees: [
          { name: 'Mum', role: 'parent' },
          { name: 'SENCO', role: 'senco' },
        ],
        outcomes: targets.map((t) => ({ targetId: t.id, outcome, measuredValue: '2 of 10 mornings settled without support' })),
        whatWorked: 'The ELSA sessions',
        whatDidNotWork: 'Coming back in after break',
        parentViews: 'Still anxious every morning.',
        decision: 'continue',
      })
      .expect(201);
    return res.body.nextCycle.id as string;
  };

  // Cycle 1 (its plan began 20 days ago): the ELSA and social skills lines, the nurture group attended and the two
  // adjustments evidence all five expectations within it. Reviewed with the targets not met: one cycle is not enough.
  const second = await review((await planOf(tokens.senco!)).current.id as string, 'not_achieved');
  expect(await prompts()).toEqual([]);

  // Cycle 2: the same provision (the nurture group now a line of the plan), agreed and in place; reviewed, the
  // targets still not met.
  const plan = goodPlan(today);
  const line = (description: string, frequencyCount = 1) => ({ ...plan.provisions[0], description, frequencyCount, frequencyPeriod: 'week' });
  await api
    .http()
    .put(`${s}/plan-cycles/${second}/draft`)
    .set(bearer(tokens.senco!))
    .send({
      ...plan,
      needs: [{ area: 'social_emotional_mental_health', description: 'Still finds it hard to settle after break; withdraws when anxious.' }],
      provisions: [
        line('Weekly ELSA session with the trained ELSA'),
        line('Social skills group (Lego-based)'),
        line('Nurture group, Tuesdays and Thursdays', 2),
        plan.provisions[1],
      ],
    })
    .expect(200);
  await api.http().post(`${s}/plan-cycles/${second}/agree`).set(bearer(tokens.senco!)).expect(200);
  await api.http().post(`${s}/plan-cycles/${second}/activate`).set(bearer(tokens.senco!)).expect(200);
  await review(second, 'not_achieved');

  const [prompt, ...more] = await prompts();
  expect(more).toEqual([]);
  expect(prompt!.message).toContain('Test authority OAP expects its ordinarily available provision for the pupil');
  expect(prompt!.message).toContain('all of it was provided for two review cycles running');
  expect(prompt!.message).toContain('Weekly ELSA session with the trained ELSA');
  expect(prompt!.message).toMatch(/consider asking the local authority for an EHC needs assessment, and the parents can ask for one themselves\.$/);
  // The parent reads the same prompt on their child's plan.
  expect((await prompts(tokens.parent)).map((f) => f.message)).toEqual([prompt!.message]);
  // It is a school-wide red flag too.
  const summary = await api.http().get(`${s}/plan-flags/summary`).set(bearer(tokens.senco!)).expect(200);
  expect(summary.body.byCode.find((c: { code: string }) => c.code === 'oap_evidenced_targets_unmet')).toMatchObject({ pupils: 1, flags: 1 });

  // The evidence pack shows each cycle: how long, whether everything expected was provided, what, and what happened.
  const pack = await packText(pupilId);
  expect(pack).toContain('Review cycle by review cycle: what was provided, for how long, and what happened');
  expect(pack.match(/Not all achieved/g)).toHaveLength(2);
  expect(pack).toContain('Nurture group');

  // The school's provision map, read by wave: the adjustments in class (wave 1) beside the nurture group (wave 2).
  const map = await api.http().get(`${s}/provision-map`).set(bearer(tokens.senco!)).expect(200);
  expect(map.body.byWave.map((w: { wave: number; pupils: number; groups: number }) => [w.wave, w.pupils, w.groups])).toEqual([
    [1, 1, 0],
    [2, 1, 1],
    [3, 0, 0],
  ]);

  // The SEN Information Report describes the school's offer against the authority's framework; the share of pupils
  // with all of it provided is withheld like every share from fewer than five pupils.
  const year = academicYearOf(today);
  const report = await api.http().get(`${s}/sen-reports/${year}`).set(bearer(tokens.senco!)).expect(200);
  expect(report.body.figures.offer).toEqual({
    framework: 'Test authority OAP',
    version: 1,
    source: 'Test Council, Ordinarily available provision, 2024',
    byArea: [
      { label: 'Communication and interaction', expectations: 1 },
      { label: 'Social, emotional and mental health', expectations: 5 },
    ],
    fullyEvidenced: { value: null, suppressed: true },
  });
  const html = await api.http().get(`${s}/sen-reports/${year}/export?format=html`).set(bearer(tokens.senco!)).expect(200);
  expect(html.text).toContain('Our offer against the local authority&#39;s ordinarily available provision: Test authority OAP');
  expect(html.text).toContain('What the local authority expects schools to provide ordinarily, by area of need');
});

it("a school's own whole-school offer: saved whole by the SENCO, bad rows named with nothing saved, compared beside the authority's", async () => {
  const s = `/v1/schools/${a.school.id}`;
  const put = (expectations: unknown[], token = tokens.senco!) => api.http().put(`${s}/oap-offer`).set(bearer(token)).send({ expectations });
  const calm = { code: 'OWN-1', areaOfNeed: 'social_emotional_mental_health', text: 'A calm corner in every classroom.', evidence: 'adjustment' };
  const overlays = { code: 'OWN-2', areaOfNeed: 'cognition_and_learning', text: 'Coloured overlays offered for reading.', evidence: 'adjustment' };

  const bad = expectProblem(
    await put([
      { ...calm, areaOfNeed: 'behaviour' },
      { ...overlays, code: 'semh-1' },
      { ...calm, code: 'OWN-3', level: 'Targeted' },
    ]),
    400,
  ) as { errors: { field: string; message: string }[] };
  expect(bad.errors.map((e) => e.field)).toEqual(['row 1: areaOfNeed', 'row 3: level', 'row 2: code']);
  expect(bad.errors[2]!.message).toContain("is a code of the local authority's framework");
  expect((await api.http().get(`${s}/oap-offer`).set(bearer(tokens.teacher!)).expect(200)).body).toEqual({ expectations: [] });
  expectProblem(await put([calm], tokens.teacher), 403);
  expectProblem(await api.http().put(`${s}/oap-offer`).set(bearer(tokens.senco!)).send({ rows: [] }), 400);

  const saved = await put([calm, overlays]).expect(200);
  expect(saved.body.expectations.map((e: { code: string; level: string | null }) => [e.code, e.level])).toEqual([
    ['OWN-1', null],
    ['OWN-2', null],
  ]);
  // Compared with the pupil beside the authority's: only the SEMH one applies to this pupil, marked as the school's own.
  const own = async () =>
    ((await comparison(tokens.senco!, pupilId).expect(200)).body.expectations as { code: string; own: boolean; status: string; evidencedBy: string }[]).filter(
      (e) => e.own,
    );
  expect(await own()).toEqual([expect.objectContaining({ code: 'OWN-1', status: 'not_evidenced' })]);
  // Its gap is flagged like the authority's, naming the school's own offer.
  const plan = await api.http().get(`${s}/pupils/${pupilId}/plan`).set(bearer(tokens.senco!)).expect(200);
  const ownGaps = (plan.body.flags as { code: string; message: string }[]).filter((f) => f.code === 'oap_not_evidenced' && f.message.includes('(OWN-1)'));
  expect(ownGaps.map((f) => f.message.startsWith("The school's own offer expects this"))).toEqual([true]);
  await api
    .http()
    .post(`${s}/pupils/${pupilId}/oap-adjustments`)
    .set(bearer(tokens.senco!))
    .send({ expectationCode: 'own-1', description: 'Uses the calm corner after break', startedOn: todayInLondon() })
    .expect(201);
  expect(await own()).toEqual([expect.objectContaining({ code: 'OWN-1', status: 'evidenced', evidencedBy: 'adjustment' })]);
  // Another school does not see this school's offer; saving an empty list clears it.
  expect((await api.http().get(`/v1/schools/${b.school.id}/oap-offer`).set(bearer(tokens.senco_b!)).expect(200)).body).toEqual({ expectations: [] });
  await put([]).expect(200);
  expect((await api.http().get(`${s}/oap-offer`).set(bearer(tokens.senco!)).expect(200)).body).toEqual({ expectations: [] });
});

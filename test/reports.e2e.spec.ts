import { academicYearOf } from '#libs/core';
import { ALL_FIELDS, CODE_SECTION_KEYS, REPORT_SECTIONS } from '#libs/reports';
import { CENSUS_PROVISIONS, validPrimaryNeeds, validSecondaryNeeds } from '#libs/register';
import { createTestSchool, createTrustWithLead, type TestSchool } from '#libs/testing';
import { binaryBody, expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { pdfText } from '#libs/testing';
import { populatePlan } from './helpers/plans.js';
import { addPupil, bearer, daysAgo, setStatus, todayInLondon } from './helpers/register.js';

/**
 * The SEN Information Report: a school with a year of data, the narrative written by the SENCO, refused while
 * an item is empty, approved by the head, published at a public link, its figures equal to the data's.
 */
let api: TestApi;
let s: TestSchool;
let base: string;
const tokens: Record<string, string> = {};
const YEAR = academicYearOf(todayInLondon());
const textFor = (key: string) => `Our practice for ${key}: specific, current and checked by the SENCO this year.`;
const needs = { SLCN: 6, SEMH: 5, MLD: 2 } as const;

beforeAll(async () => {
  api = await startTestApi();
  s = await createTestSchool(api.dataSource);
  base = `/v1/schools/${s.school.id}`;
  for (const role of ['senco', 'head', 'teacher', 'parent'] as const) tokens[role] = (await api.login(s.users[role].email)).accessToken;
  // 13 on SEN Support (6 SLCN, 5 SEMH, 2 MLD), 5 with EHC plans, 9 with no SEN: 27 on roll. (With 1–4 EHC plans
  // the school would publish no breakdown at all: domain/disclosure.ts.)
  for (const [need, count] of Object.entries(needs)) {
    for (let i = 0; i < count; i += 1) {
      const p = await addPupil(api, tokens.senco!, s.school.id, { yearGroup: '4' });
      expect((await setStatus(api, tokens.senco!, s.school.id, p.id, { status: 'K', startDate: daysAgo(60), primaryNeed: need })).status).toBe(201);
    }
  }
  for (let i = 0; i < 5; i += 1) {
    const p = await addPupil(api, tokens.senco!, s.school.id, { yearGroup: '5' });
    expect(
      (await setStatus(api, tokens.senco!, s.school.id, p.id, { status: 'E', startDate: daysAgo(60), primaryNeed: 'ASD', ehcPlanDate: daysAgo(60) })).status,
    ).toBe(201);
  }
  for (let i = 0; i < 9; i += 1) await addPupil(api, tokens.senco!, s.school.id, { yearGroup: '3' });
  // One SLCN pupil's plan is reviewed with the parents (a target partly achieved).
  const reg = await api.http().get(`${base}/register?status=K&need=SLCN`).set(bearer(tokens.senco!));
  await populatePlan(api, tokens.senco!, s.school.id, reg.body.items[0].pupilId);
});
afterAll(() => api.close());

describe('writing, submitting and publishing the report', () => {
  it('offers every required item with its guidance and source: the 17 of the law and the 3 of Code 6.79–6.83', async () => {
    const res = await api.http().get(`${base}/sen-reports/${YEAR}`).set(bearer(tokens.senco!));
    expect(res.status).toBe(200);
    expect(res.body.sections.map((x: { key: string }) => x.key)).toEqual(REPORT_SECTIONS.map((x) => x.key));
    expect(res.body.sections).toHaveLength(20);
    for (const key of CODE_SECTION_KEYS)
      expect(res.body.sections.find((x: { key: string }) => x.key === key)).toMatchObject({ source: 'SEND Code of Practice 6.79–6.83' });
    expect(res.body.sections.every((x: { source: string; guidance: string }) => x.source.length > 0 && x.guidance.length > 40)).toBe(true);
    expect(res.body.missing).toHaveLength(ALL_FIELDS.length);
    // Reading a year nobody has started stores nothing (so a read replica can serve it): version 0 until the first save.
    expect(res.body).toMatchObject({ version: 0, status: 'draft' });
    const stored = async () =>
      Number((await api.dataSource.query<{ n: string }[]>(`select count(*) as n from sen_reports where school_id = $1`, [s.school.id]))[0]!.n);
    expect(await stored()).toBe(0);
    expect((await api.http().get(`${base}/sen-reports/${YEAR}/export?format=md`).set(bearer(tokens.senco!)).expect(200)).text).toMatch(/Not started/);
    expect(await stored()).toBe(0);
  });

  it('cannot be submitted while an item is empty, the Code items included: the refusal names each, and nothing changes', async () => {
    const texts = Object.fromEntries(ALL_FIELDS.filter((f) => f.key !== 'item3e' && !CODE_SECTION_KEYS.includes(f.key)).map((f) => [f.key, textFor(f.key)]));
    const started = await api.http().put(`${base}/sen-reports/${YEAR}`).set(bearer(tokens.senco!)).send({ texts, complaintsCount: 2 });
    expect(started.status).toBe(200);
    expect(started.body.version).toBe(1);
    const refused = expectProblem(await api.http().post(`${base}/sen-reports/${YEAR}/submit`).set(bearer(tokens.senco!)), 422);
    expect(refused.errors).toEqual([
      { field: 'texts.item3e', message: expect.stringMatching(/\(3\(e\).*is empty or too short/) },
      { field: 'texts.sen_policy', message: '"Our SEN policy" is empty or too short; write what the Code of Practice expects' },
      { field: 'texts.concerns_contact', message: expect.stringMatching(/^"Who to contact with a concern"/) },
      { field: 'texts.local_offer_contribution', message: expect.stringMatching(/^"Our contribution to the Local Offer"/) },
    ]);
    expect((await api.http().get(`${base}/sen-reports/${YEAR}`).set(bearer(tokens.senco!))).body.status).toBe('draft');
    const unknown = await api
      .http()
      .put(`${base}/sen-reports/${YEAR}`)
      .set(bearer(tokens.senco!))
      .send({ texts: { item99: 'x' } });
    expect(expectProblem(unknown, 400).errors).toEqual([{ field: 'texts.item99', message: 'texts.item99 is not an item of the SEN Information Report' }]);
  });

  it('a teacher or parent can neither edit nor approve it; another school’s SENCO cannot see the draft', async () => {
    for (const who of ['teacher', 'parent']) {
      expect(
        (
          await api
            .http()
            .put(`${base}/sen-reports/${YEAR}`)
            .set(bearer(tokens[who]!))
            .send({ texts: { item1: textFor('x') } })
        ).status,
      ).toBe(403);
      expect((await api.http().post(`${base}/sen-reports/${YEAR}/approve`).set(bearer(tokens[who]!))).status).toBe(403);
      expect((await api.http().get(`${base}/sen-reports/${YEAR}`).set(bearer(tokens[who]!))).status).toBe(403);
    }
    const other = await createTestSchool(api.dataSource);
    const otherSenco = (await api.login(other.users.senco.email)).accessToken;
    expect((await api.http().get(`${base}/sen-reports/${YEAR}`).set(bearer(otherSenco))).status).toBe(404);
    expect((await api.http().get(`${base}/sen-reports/${YEAR}/export`).set(bearer(otherSenco))).status).toBe(404);
    // Not published, so not public either.
    expect((await api.http().get(`/v1/public/sen-information-reports/${s.school.urn}`)).status).toBe(404);
  });

  it('the SENCO submits; the head can return it with comments, and then approves and publishes it', async () => {
    const rest = Object.fromEntries(['item3e', ...CODE_SECTION_KEYS].map((k) => [k, textFor(k)]));
    await api.http().put(`${base}/sen-reports/${YEAR}`).set(bearer(tokens.senco!)).send({ texts: rest }).expect(200);
    expect((await api.http().post(`${base}/sen-reports/${YEAR}/submit`).set(bearer(tokens.senco!))).body.status).toBe('submitted');
    expect((await api.http().post(`${base}/sen-reports/${YEAR}/approve`).set(bearer(tokens.senco!))).status).toBe(403);
    const returned = await api.http().post(`${base}/sen-reports/${YEAR}/return`).set(bearer(tokens.head!)).send({ comments: 'Name the SENDIASS in item 11.' });
    expect(returned.body).toMatchObject({ status: 'returned', returnComments: 'Name the SENDIASS in item 11.' });
    await api
      .http()
      .put(`${base}/sen-reports/${YEAR}`)
      .set(bearer(tokens.senco!))
      .send({ texts: { item11: 'Example SENDIASS: free, impartial advice, 0117 496 0999.' } })
      .expect(200);
    await api.http().post(`${base}/sen-reports/${YEAR}/submit`).set(bearer(tokens.senco!)).expect(200);
    const published = await api.http().post(`${base}/sen-reports/${YEAR}/approve`).set(bearer(tokens.head!));
    expect(published.body).toMatchObject({ status: 'published', version: 1, missing: [] });
    expect(published.body.publishedAt).toEqual(expect.any(String));
  });

  it('the figures equal the data; counts under 5 are suppressed, rare needs merged, hours hidden with their count', async () => {
    const figures = (await api.http().get(`/v1/public/sen-information-reports/${s.school.urn}?format=json`)).body.figures;
    const roll = 13 + 5 + 9;
    expect(figures.roll).toEqual({ value: roll, suppressed: false });
    expect(figures.senSupport).toEqual({ value: 13, suppressed: false });
    expect(figures.senSupportShare).toEqual({ value: Math.round((13 / roll) * 100), suppressed: false });
    expect(figures.ehcPlan).toEqual({ value: 5, suppressed: false });
    expect(figures.breakdownWithheld).toBeNull();
    const need = (code: string) => figures.byNeed.find((n: { need: string }) => n.need === code);
    expect(need('SLCN').senSupport).toEqual({ value: 6, suppressed: false });
    // MLD (2 pupils) is not named: it is counted under "Other needs", itself fewer than 5.
    expect(need('MLD')).toBeUndefined();
    expect(need('other')).toMatchObject({ label: 'Other needs', senSupport: { value: null, suppressed: true, reason: 'small' } });
    // With "other" hidden, SEMH (the next smallest) is hidden too, or 13 − 6 − 5 would give it away: 5, so not "fewer than 5".
    expect(need('SEMH').senSupport).toEqual({ value: null, suppressed: true, reason: 'secondary' });
    expect(figures.complaints).toEqual({ value: null, suppressed: true, reason: 'small' });
    // One review, with a parent there: too few to publish as shares.
    expect(figures.parentParticipation).toMatchObject({ suppressed: true });
    for (const i of figures.interventions as { pupils: { suppressed: boolean }; deliveredHours: number | null }[]) {
      expect(i.deliveredHours === null).toBe(i.pupils.suppressed);
    }
    // The test school is a primary school: compared with mainstream primary schools, each figure with its year.
    expect(figures.comparison).toMatchObject({ phase: 'primary', basis: 'mainstream primary schools' });
    const html = (await api.http().get(`/v1/public/sen-information-reports/${s.school.urn}`)).text;
    expect(html).toContain('not published, to protect privacy');
    expect(html).toContain('Other needs');
  });

  it('the public link needs no login; its HTML and PDF have every required heading and text', async () => {
    const html = await api.http().get(`/v1/public/sen-information-reports/${s.school.urn}`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    // Public HTML with text people typed: nothing in it may run or load from elsewhere.
    expect(html.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const pdf = await api.http().get(`/v1/public/sen-information-reports/${s.school.urn}?format=pdf`).buffer(true).parse(binaryBody);
    const { text } = await pdfText(pdf.body as Buffer);
    for (const section of REPORT_SECTIONS) {
      expect(html.text).toContain(section.heading.replace(/&/g, '&amp;').replace(/'/g, '&#39;'));
      expect(text).toContain(section.heading);
    }
    for (const field of ALL_FIELDS) {
      const expected = field.key === 'item11' ? 'Example SENDIASS: free, impartial advice, 0117 496 0999.' : textFor(field.key);
      expect(html.text).toContain(expected);
      expect(text).toContain(expected);
    }
    expect(text).toContain('fewer than 5');
    const md = await api.http().get(`/v1/public/sen-information-reports/${s.school.urn}?format=md`);
    expect(md.text).toContain(`# SEN Information Report`);
    expect((await api.http().get('/v1/public/sen-information-reports/000000')).status).toBe(404);
  });

  it('a published version never changes: an edit starts version 2, and the public link keeps version 1', async () => {
    const edited = await api
      .http()
      .put(`${base}/sen-reports/${YEAR}`)
      .set(bearer(tokens.senco!))
      .send({ texts: { item1: 'A new first item written after publication.' } });
    expect(edited.body).toMatchObject({ version: 2, status: 'draft' });
    expect(edited.body.sections[1].fields[0].text).toBe(textFor('item2'));
    const pub = await api.http().get(`/v1/public/sen-information-reports/${s.school.urn}?format=json`);
    expect(pub.body.version).toBe(1);
    expect(pub.body.publishedYears).toEqual([YEAR]);
    expect((await api.http().get(`/v1/public/sen-information-reports/${s.school.urn}?academicYear=${YEAR - 1}`)).status).toBe(404);
    const versions = await api.http().get(`${base}/sen-reports`).set(bearer(tokens.head!));
    expect(versions.body.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
  });

  it('the census check counts provision and need as the census will', async () => {
    const census = await api.http().get(`${base}/census-check?date=${todayInLondon()}`).set(bearer(tokens.senco!));
    expect(census.body.byProvision).toEqual([
      { provision: 'E', count: 5 },
      { provision: 'K', count: 13 },
      { provision: 'N', count: 9 },
    ]);
    expect(census.body.missingNeed).toBe(0);
    expectProblem(await api.http().get(`${base}/census-check`).set(bearer(tokens.senco!)), 400);
  });
});

describe('national comparisons', () => {
  it('follow the school’s phase, a setting: a special school is compared with no mainstream figures', async () => {
    const school = await createTestSchool(api.dataSource);
    const head = (await api.login(school.users.head.email)).accessToken;
    const settings = `/v1/schools/${school.school.id}/settings`;
    expect(JSON.stringify(expectProblem(await api.http().patch(settings).set(bearer(head)).send({ phase: 'infant' }), 400))).toContain('phase');
    expect((await api.http().patch(settings).set(bearer(head)).send({ phase: 'special' }).expect(200)).body.phase).toBe('special');
    const figures = (await api.http().get(`/v1/schools/${school.school.id}/sen-reports/${YEAR}`).set(bearer(head)).expect(200)).body.figures;
    expect(figures.comparison).toMatchObject({ phase: 'special', senSupport: null, ehcPlan: null, withSen: null });
    expect(figures.comparison.note).toMatch(/mainstream schools, which this school is not/);
  });
});

describe('the census export', () => {
  it('lists every pupil on roll on the census date with valid census values only; monitoring is N with no need', async () => {
    const school = await createTestSchool(api.dataSource);
    const senco = (await api.login(school.users.senco.email)).accessToken;
    const add = async (change?: Parameters<typeof setStatus>[4]) => {
      const p = await addPupil(api, senco, school.school.id);
      if (change) expect((await setStatus(api, senco, school.school.id, p.id, change)).status).toBe(201);
      return p;
    };
    await add({ status: 'K', startDate: daysAgo(40), primaryNeed: 'SEMH', secondaryNeed: 'SLCN' });
    await add({ status: 'K', startDate: daysAgo(40), primaryNeed: 'NSA' });
    await add({ status: 'E', startDate: daysAgo(40), primaryNeed: 'ASD', ehcPlanDate: daysAgo(40) });
    const watched = await add({ status: 'monitoring', startDate: daysAgo(40), primaryNeed: 'SLCN' });
    await add();
    const date = todayInLondon();
    const res = await api.http().get(`/v1/schools/${school.school.id}/census-export?date=${date}`).set(bearer(senco));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...lines] = res.text
      .trim()
      .split('\n')
      .map((l) => l.trim().split(','));
    expect(header).toEqual(['UPN', 'SENprovision', 'SENneedType1', 'SENneedType2']);
    expect(lines).toHaveLength(5);
    for (const [upn, provision, primary, secondary] of lines as [string, string, string, string][]) {
      expect(upn).toMatch(/^[A-Z]\d{11}[0-9A-Z]$/);
      expect(CENSUS_PROVISIONS).toContain(provision);
      if (provision === 'N') expect([primary, secondary]).toEqual(['', '']);
      else {
        expect(validPrimaryNeeds(provision as 'K' | 'E', date)).toContain(primary);
        if (secondary !== '') expect(validSecondaryNeeds(provision as 'K' | 'E', date)).toContain(secondary);
      }
    }
    expect(lines.find((l) => l[0] === watched.upn)).toEqual([watched.upn, 'N', '', '']);
    expect(lines.map((l) => l[1]).sort()).toEqual(['E', 'K', 'K', 'N', 'N']);
    // The census check counts the same pupils.
    const check = await api.http().get(`/v1/schools/${school.school.id}/census-check?date=${date}`).set(bearer(senco));
    expect(check.body.byProvision).toEqual([
      { provision: 'E', count: 1 },
      { provision: 'K', count: 2 },
      { provision: 'N', count: 2 },
    ]);
    // A bad date is refused naming the field; a teacher may not have the file.
    expect(
      JSON.stringify(expectProblem(await api.http().get(`/v1/schools/${school.school.id}/census-export?date=15-01-2026`).set(bearer(senco)), 400)),
    ).toContain('date');
    const teacher = (await api.login(school.users.teacher.email)).accessToken;
    expect((await api.http().get(`/v1/schools/${school.school.id}/census-export?date=${date}`).set(bearer(teacher))).status).toBe(403);
  });
});

describe('the trust view', () => {
  it('a trust lead sees every school’s report and the trust’s figures added up, then suppressed; nobody else does', async () => {
    const { trust, lead } = await createTrustWithLead(api.dataSource);
    const schools = [await createTestSchool(api.dataSource, { trustId: trust.id }), await createTestSchool(api.dataSource, { trustId: trust.id })];
    // Three pupils on SEN Support in each school: fewer than 5 in each, six across the trust.
    for (const school of schools) {
      const senco = (await api.login(school.users.senco.email)).accessToken;
      for (let i = 0; i < 3; i += 1) {
        const p = await addPupil(api, senco, school.school.id);
        await setStatus(api, senco, school.school.id, p.id, { status: 'K', startDate: daysAgo(30), primaryNeed: 'SPLD' });
      }
    }
    const publishedSenco = (await api.login(schools[0]!.users.senco.email)).accessToken;
    await api
      .http()
      .put(`/v1/schools/${schools[0]!.school.id}/sen-reports/${YEAR}`)
      .set(bearer(publishedSenco))
      .send({ texts: { item1: textFor('item1') } })
      .expect(200);
    const leadToken = (await api.login(lead.email)).accessToken;
    const res = await api.http().get(`/v1/trust/sen-reports?academicYear=${YEAR}`).set(bearer(leadToken));
    expect(res.status).toBe(200);
    expect(res.body.schools.map((x: { schoolId: string }) => x.schoolId).sort()).toEqual(schools.map((x) => x.school.id).sort());
    expect(res.body.schools.map((x: { status: string | null }) => x.status).sort()).toEqual(['draft', null].sort());
    for (const school of res.body.schools) expect(school.figures.senSupport).toEqual({ value: null, suppressed: true, reason: 'small' });
    expect(res.body.rollUp.senSupport).toEqual({ value: 6, suppressed: false });
    expect(res.body.rollUp.roll).toEqual({ value: 6, suppressed: false });
    // A school's SENCO is not a trust lead; another trust's lead sees only their own trust.
    expect((await api.http().get(`/v1/trust/sen-reports?academicYear=${YEAR}`).set(bearer(publishedSenco))).status).toBe(403);
    const other = await createTrustWithLead(api.dataSource);
    await createTestSchool(api.dataSource, { trustId: other.trust.id });
    const otherLead = (await api.login(other.lead.email)).accessToken;
    const theirs = await api.http().get(`/v1/trust/sen-reports?academicYear=${YEAR}`).set(bearer(otherLead));
    expect(theirs.body.schools.map((x: { schoolId: string }) => x.schoolId)).not.toContain(schools[0]!.school.id);
    expect(theirs.body.rollUp.senSupport).toEqual({ value: 0, suppressed: false });
    expectProblem(await api.http().get('/v1/trust/sen-reports').set(bearer(leadToken)), 400);
  });
});

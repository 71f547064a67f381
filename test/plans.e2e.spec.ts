import { randomUUID } from 'node:crypto';
import { addDays } from '#libs/core';
import { TEST_PASSWORD, addMember, createTestSchool, type TestSchool } from '#libs/testing';
import { binaryBody, expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { pdfText } from '#libs/testing';
import { contentOf, fullPlan, goodPlan } from './helpers/plans.js';
import { addPupil, bearer, daysAgo, setStatus, todayInLondon } from './helpers/register.js';

/**
 * One pupil through three Assess–Plan–Do–Review cycles, as the SENCO, the class teacher and a parent would
 * use the product: agreeing plans with the parents, changing an agreed plan, views before reviews, reviews
 * with unmet targets, and an escalation to a request for an EHC needs assessment, evidenced by the pack.
 */
let api: TestApi;
let s: TestSchool;
let other: TestSchool;
let base: string;
const tokens: Record<string, string> = {};
let pupilId: string;
let otherPupilId: string;

beforeAll(async () => {
  api = await startTestApi();
  s = await createTestSchool(api.dataSource);
  other = await createTestSchool(api.dataSource);
  base = `/v1/schools/${s.school.id}`;
  for (const role of ['senco', 'head', 'teacher', 'parent'] as const) tokens[role] = (await api.login(s.users[role].email)).accessToken;
  tokens.otherSenco = (await api.login(other.users.senco.email)).accessToken;
  tokens.otherTeacher = (await api.login((await addMember(api.dataSource, s.school.id, 'teacher')).email)).accessToken;
  const otherParent = await addMember(api.dataSource, s.school.id, 'parent');

  pupilId = (await addPupil(api, tokens.senco!, s.school.id, { legalFirstName: 'Zoë', legalLastName: 'Łukasiewicz', className: '4B' })).id;
  otherPupilId = (await addPupil(api, tokens.senco!, s.school.id, { legalLastName: 'Neighbour', className: '5A', yearGroup: '5' })).id;
  for (const id of [pupilId, otherPupilId]) {
    expect((await setStatus(api, tokens.senco!, s.school.id, id, { status: 'K', startDate: daysAgo(210), primaryNeed: 'SLCN' })).status).toBe(201);
  }
  await api
    .http()
    .put(`${base}/staff/${s.users.teacher.id}/classes`)
    .set(bearer(tokens.senco!))
    .send({ classNames: ['4B'] })
    .expect(200);
  // Each parent account is linked to their own child through a contact and its invitation.
  for (const [child, email, name] of [
    [pupilId, s.users.parent.email, 'Mum'],
    [otherPupilId, otherParent.email, 'Other'],
  ] as const) {
    const c = await api
      .http()
      .post(`${base}/pupils/${child}/contacts`)
      .set(bearer(tokens.senco!))
      .send({ firstName: name, lastName: 'Parent', email, preferredChannel: 'email', relationship: 'mother', parentalResponsibility: true });
    expect(c.status).toBe(201);
    const invite = await api.http().post(`${base}/contacts/${c.body.contactId}/invitation`).set(bearer(tokens.senco!));
    expect(invite.status).toBe(201);
    expect((await api.http().post('/v1/auth/invitations/accept').send({ token: invite.body.token, displayName: name, password: TEST_PASSWORD })).status).toBe(
      200,
    );
  }
  tokens.otherParent = (await api.login(otherParent.email)).accessToken;
});
afterAll(() => api.close());

const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
const planOf = async (who: string, id = pupilId) => api.http().get(`${base}/pupils/${id}/plan`).set(as(who));
const flagCodes = (flags: { code: string }[]) => flags.map((f) => f.code);

/** The content of a cycle's plan with the given targets, agreed at a meeting with the parents. */
function cyclePlan(startsOn: string, targets: object[], extra: Record<string, unknown> = {}) {
  return goodPlan(startsOn, { targets, ...extra });
}
const target = (description: string, baseline: string, successCriterion: string, startsOn: string, extra: Record<string, unknown> = {}) => ({
  description,
  areaOfNeed: 'communication_and_interaction',
  measure: 'Weekly check by the class teacher',
  baseline,
  successCriterion,
  targetDate: addDays(startsOn, 63),
  ...extra,
});

describe('three cycles of the graduated approach', () => {
  const c1Start = daysAgo(200);
  const c1Review = daysAgo(130);
  const c2Review = daysAgo(60);
  const today = todayInLondon();
  let cycle1: string;
  let cycle2: string;
  let cycle3: string;
  let cycle4: string;
  const allTargets: string[] = [];

  it('cycle 1: the SENCO drafts a plan; it cannot be agreed until the parents’ involvement is recorded', async () => {
    const draft = cyclePlan(
      c1Start,
      [
        target('Follow two-step spoken instructions in class', '3 of 10 instructions followed', '8 of 10 instructions followed', c1Start),
        target('Name 20 Year 4 topic words with pictures', '6 of 20 words named', '18 of 20 words named', c1Start),
      ],
      { involvement: null },
    );
    const started = await api.http().post(`${base}/pupils/${pupilId}/plan-cycles`).set(as('senco')).send(draft);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ number: 1, status: 'planning', inForce: null, pending: { version: 1, status: 'draft' } });
    expect(flagCodes(started.body.pending.flags)).toEqual(['no_parental_involvement']);
    cycle1 = started.body.id;

    const refused = expectProblem(await api.http().post(`${base}/plan-cycles/${cycle1}/agree`).set(as('senco')), 422);
    expect(refused.errors).toEqual([{ field: 'involvement', message: expect.stringMatching(/meeting date, who attended and the parents’ comments/) }]);
    // A "signature" with no parent comments is not involvement either.
    await api
      .http()
      .put(`${base}/plan-cycles/${cycle1}/draft`)
      .set(as('senco'))
      .send({ ...draft, involvement: { meetingDate: c1Start, attendees: [{ name: 'SENCO', role: 'senco' }], parentComments: '' } })
      .expect(200);
    const stillRefused = expectProblem(await api.http().post(`${base}/plan-cycles/${cycle1}/agree`).set(as('senco')), 422);
    expect((stillRefused.errors as { field: string }[]).map((e) => e.field)).toEqual(['involvement.attendees', 'involvement.parentComments']);

    const saved = await api.http().put(`${base}/plan-cycles/${cycle1}/draft`).set(as('senco')).send(cyclePlan(c1Start, draft.targets));
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, status: 'draft', flags: [] });
    expect((await api.http().post(`${base}/plan-cycles/${cycle1}/agree`).set(as('senco'))).body).toMatchObject({ status: 'agreed', agreedOn: today });
    const active = await api.http().post(`${base}/plan-cycles/${cycle1}/activate`).set(as('senco'));
    expect(active.body).toMatchObject({ status: 'active', activatedOn: today });
  });

  it('cycle 1: the parent and the teacher read what was agreed; an outside professional’s advice is recorded', async () => {
    for (const who of ['parent', 'teacher']) {
      const plan = await planOf(who);
      expect(plan.status).toBe(200);
      expect(plan.body.current).toMatchObject({ number: 1, status: 'active', inForce: { version: 1 } });
      expect(plan.body.current.inForce.targets.map((t: { description: string }) => t.description)).toEqual([
        'Follow two-step spoken instructions in class',
        'Name 20 Year 4 topic words with pictures',
      ]);
      expect(plan.body.current.inForce.provisions[0].dose).toBe('3 × 20 min a week, group of 4');
    }
    const report = await api
      .http()
      .post(`${base}/pupils/${pupilId}/professional-reports`)
      .set(as('senco'))
      .send({
        profession: 'educational_psychologist',
        professionalName: 'Dr P Example',
        organisation: 'Local authority EP service',
        reportDate: daysAgo(190),
        summary: 'Working memory well below average; verbal reasoning average.',
        recommendations: 'Chunk instructions; visual timetable.',
      });
    expect(report.status).toBe(201);
    expect(report.body.cycleId).toBe(cycle1);
    expect((await api.http().get(`${base}/pupils/${pupilId}/professional-reports`).set(as('parent'))).body).toHaveLength(1);
  });

  it('cycle 1: changing an agreed plan makes a new version; the agreed one stays in place until the change is agreed', async () => {
    const plan = (await planOf('senco')).body.current;
    const changed = cyclePlan(
      c1Start,
      plan.inForce.targets.map(({ id: _id, carriedFromId: _c, ...t }: Record<string, unknown>) => t),
      {
        provisions: [{ ...goodPlan(c1Start).provisions[0], frequencyCount: 4 }],
        changeSummary: 'A fourth weekly session, agreed with mum by phone',
      },
    );
    const v2 = await api.http().put(`${base}/plan-cycles/${cycle1}/draft`).set(as('senco')).send(changed);
    expect(v2.body).toMatchObject({ version: 2, status: 'draft' });
    const during = (await planOf('senco')).body.current;
    expect(during.inForce).toMatchObject({ version: 1, status: 'active' });
    expect(during.inForce.provisions[0].frequencyCount).toBe(3);
    // The parent sees the plan in place, not the SENCO's draft.
    const parentView = (await planOf('parent')).body.current;
    expect(parentView.pending).toBeNull();
    expect(parentView.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect((await api.http().get(`${base}/plan-versions/${v2.body.id}`).set(as('parent'))).status).toBe(404);

    await api.http().post(`${base}/plan-cycles/${cycle1}/agree`).set(as('senco')).expect(200);
    await api.http().post(`${base}/plan-cycles/${cycle1}/activate`).set(as('senco')).expect(200);
    const after = (await planOf('senco')).body.current;
    expect(after.inForce).toMatchObject({ version: 2, status: 'active' });
    expect(after.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'active'],
    ]);
    const kept = await api.http().get(`${base}/plan-versions/${after.versions[0].id}`).set(as('parent'));
    expect(kept.status).toBe(200);
    expect(kept.body.provisions[0].frequencyCount).toBe(3);
  });

  it('cycle 1: the teacher records progress and the parent gives views before the review', async () => {
    const plan = (await planOf('teacher')).body.current;
    const observed = await api
      .http()
      .post(`${base}/plan-cycles/${cycle1}/contributions`)
      .set(as('teacher'))
      .send({ body: 'Follows the first step reliably; loses the second without a picture.', targetId: plan.inForce.targets[0].id, measuredValue: '5 of 10' });
    expect(observed.status).toBe(201);
    expect(observed.body).toMatchObject({ authorKind: 'staff', own: true });
    const views = await api
      .http()
      .post(`${base}/plan-cycles/${cycle1}/contributions`)
      .set(as('parent'))
      .send({ body: 'She is happier going to school this term.' });
    expect(views.status).toBe(201);
    expect(views.body.authorKind).toBe('parent');
    const seen = (await planOf('senco')).body.current.contributions;
    expect(seen.map((k: { authorKind: string }) => k.authorKind)).toEqual(['staff', 'parent']);
  });

  it('cycle 1 review: one target achieved, one not; the next cycle opens with the unmet one carried forward', async () => {
    const plan = (await planOf('senco')).body.current;
    const [t1, t2] = plan.inForce.targets;
    allTargets.push(t1.description, t2.description);
    const res = await api
      .http()
      .post(`${base}/plan-cycles/${cycle1}/review`)
      .set(as('senco'))
      .send({
        heldOn: c1Review,
        attendees: [
          { name: 'Mum', role: 'parent' },
          { name: 'SENCO', role: 'senco' },
          { name: 'Class teacher', role: 'class_teacher' },
        ],
        outcomes: [
          { targetId: t1.id, outcome: 'achieved', measuredValue: '8 of 10 instructions followed' },
          { targetId: t2.id, outcome: 'not_achieved', measuredValue: '9 of 20 words named', comment: 'Absent for three weeks' },
        ],
        whatWorked: 'Visual prompts for each step',
        whatDidNotWork: 'Word lists sent home without pictures',
        parentViews: 'Pleased with the instructions work.',
        pupilViews: 'The pictures help me.',
        decision: 'continue',
      });
    expect(res.status).toBe(201);
    expect(res.body.review).toMatchObject({ heldOn: c1Review, late: false, decision: 'continue' });
    cycle2 = res.body.nextCycle.id;
    expect(res.body.nextCycle).toMatchObject({ number: 2, status: 'planning', previousCycleId: cycle1 });
    const carried = res.body.nextCycle.pending.targets;
    expect(carried).toEqual([
      expect.objectContaining({ description: t2.description, baseline: '9 of 20 words named', carriedFromId: t2.id, targetDate: null }),
    ]);
    // Unchanged after it was not achieved: the quality check says so on the carried draft.
    expect(flagCodes(res.body.nextCycle.pending.flags)).toEqual(expect.arrayContaining(['targets_unchanged', 'target_no_date', 'no_parental_involvement']));
  });

  it('cycle 1 is kept as reviewed: editing it or reviewing it again is refused', async () => {
    expectProblem(await api.http().put(`${base}/plan-cycles/${cycle1}/draft`).set(as('senco')).send(cyclePlan(c1Start, [])), 409);
    const again = expectProblem(
      await api.http().post(`${base}/plan-cycles/${cycle1}/review`).set(as('senco')).send({ heldOn: today, attendees: [], outcomes: [], decision: 'continue' }),
      409,
    );
    expect(again.detail).toMatch(/already reviewed/);
  });

  it('cycle 2: the SENCO revises the carried target, agrees and runs the plan; the review finds it not achieved again', async () => {
    const carried = (await planOf('senco')).body.current.pending.targets[0];
    const revised = target(
      'Name 20 Year 4 topic words, taught with pictures and gestures',
      '9 of 20 words named',
      '16 of 20 words named on two checks',
      c1Review,
      { carriedFromId: carried.carriedFromId },
    );
    // The psychologist's advice (chunked instructions, a visual timetable) is taken up in the support.
    const advice = {
      description: 'Instructions chunked, with a visual timetable on the desk',
      staffRole: 'class_teacher',
      frequencyCount: 1,
      frequencyPeriod: 'day',
      minutesPerSession: 5,
      groupSize: 1,
    };
    const saved = await api
      .http()
      .put(`${base}/plan-cycles/${cycle2}/draft`)
      .set(as('senco'))
      .send(cyclePlan(c1Review, [revised], { provisions: [...goodPlan(c1Review).provisions, advice] }));
    expect(saved.status).toBe(200);
    expect(saved.body.flags).toEqual([]);
    await api.http().post(`${base}/plan-cycles/${cycle2}/agree`).set(as('senco')).expect(200);
    await api.http().post(`${base}/plan-cycles/${cycle2}/activate`).set(as('senco')).expect(200);
    const plan = (await planOf('parent')).body.current;
    await api
      .http()
      .post(`${base}/plan-cycles/${cycle2}/contributions`)
      .set(as('parent'))
      .send({ body: 'Still struggling with the words at home.' })
      .expect(201);
    const t = plan.inForce.targets[0];
    allTargets.push(t.description);
    const res = await api
      .http()
      .post(`${base}/plan-cycles/${cycle2}/review`)
      .set(as('senco'))
      .send({
        heldOn: c2Review,
        attendees: [
          { name: 'Mum', role: 'parent' },
          { name: 'SENCO', role: 'senco' },
        ],
        outcomes: [{ targetId: t.id, outcome: 'not_achieved', measuredValue: '11 of 20 words named' }],
        whatWorked: 'Gestures',
        whatDidNotWork: 'Progress is slow despite the small group',
        parentViews: 'Worried about the gap.',
        decision: 'continue',
      });
    expect(res.status).toBe(201);
    cycle3 = res.body.nextCycle.id;
  });

  it('cycle 3: new targets and more provision; at the review the targets are unmet and the school escalates', async () => {
    const c3 = [
      target('Name 20 Year 4 topic words with speech and language therapy strategies', '11 of 20 words named', '16 of 20 words named', c2Review),
      target('Retell a short story in sequence using 4 picture cards', '2 of 4 events in order', '4 of 4 events in order', c2Review),
    ];
    await api
      .http()
      .put(`${base}/plan-cycles/${cycle3}/draft`)
      .set(as('senco'))
      .send(
        cyclePlan(c2Review, c3, {
          provisions: [
            ...goodPlan(c2Review).provisions,
            {
              description: 'Speech and language therapy programme, 1:1',
              staffRole: 'teaching_assistant',
              frequencyCount: 2,
              frequencyPeriod: 'week',
              minutesPerSession: 30,
              groupSize: 1,
            },
          ],
        }),
      )
      .expect(200);
    await api.http().post(`${base}/plan-cycles/${cycle3}/agree`).set(as('senco')).expect(200);
    await api.http().post(`${base}/plan-cycles/${cycle3}/activate`).set(as('senco')).expect(200);
    const plan = (await planOf('senco')).body.current;
    const [a, b] = plan.inForce.targets;
    allTargets.push(a.description, b.description);
    await api
      .http()
      .post(`${base}/plan-cycles/${cycle3}/contributions`)
      .set(as('parent'))
      .send({ body: 'We would like the school to ask for an EHC needs assessment.' })
      .expect(201);
    const res = await api
      .http()
      .post(`${base}/plan-cycles/${cycle3}/review`)
      .set(as('senco'))
      .send({
        heldOn: today,
        attendees: [
          { name: 'Mum', role: 'parent' },
          { name: 'SENCO', role: 'senco' },
          { name: 'Speech and language therapist', role: 'professional' },
        ],
        outcomes: [
          { targetId: a.id, outcome: 'not_achieved', measuredValue: '12 of 20 words named' },
          { targetId: b.id, outcome: 'partly_achieved', measuredValue: '3 of 4 events in order' },
        ],
        whatWorked: 'Story cards',
        whatDidNotWork: 'Three cycles of vocabulary work with little progress',
        parentViews: 'Agree to request an assessment.',
        decision: 'escalate',
      });
    expect(res.status).toBe(201);
    expect(res.body.review).toMatchObject({ decision: 'escalate', ehcnaRequestedOn: today });
    // Support goes on while the local authority decides: a fourth cycle opens.
    expect(res.body.nextCycle).toMatchObject({ number: 4, status: 'planning' });
    cycle4 = res.body.nextCycle.id;
    const summary = (await planOf('parent')).body;
    expect(summary.cycles.map((c: { number: number; decision: string | null }) => [c.number, c.decision])).toEqual([
      [1, 'continue'],
      [2, 'continue'],
      [3, 'escalate'],
      [4, null],
    ]);
    expect(summary.cycles[2]).toMatchObject({ achieved: 0, partlyAchieved: 1, notAchieved: 1 });
    // The parent does not see the fourth cycle's draft.
    expect(summary.current.pending).toBeNull();
  });

  it('a review of a plan that is not in place is refused, and changes nothing', async () => {
    const before = (await planOf('senco')).body;
    const res = await api
      .http()
      .post(`${base}/plan-cycles/${cycle4}/review`)
      .set(as('senco'))
      .send({ heldOn: today, attendees: [], outcomes: [], decision: 'continue' });
    expect(expectProblem(res, 409).detail).toMatch(/not been agreed and put in place/);
    expect((await planOf('senco')).body).toEqual(before);
  });

  it('the evidence pack tells what was tried, for how long, and what happened — as JSON, HTML and a PDF that opens', async () => {
    const json = await api.http().get(`${base}/pupils/${pupilId}/evidence-pack`).set(as('senco'));
    expect(json.status).toBe(200);
    expect(json.body.summary).toMatchObject({
      cycles: 3,
      reviewsHeld: 3,
      targetsSet: 5,
      outcomes: { achieved: 1, partly_achieved: 1, not_achieved: 3 },
      escalatedOn: today,
      firstPlanOn: c1Start,
      weeksOfSupport: 28,
    });
    expect(json.body.cycles.map((c: { number: number }) => c.number)).toEqual([1, 2, 3]);
    expect(json.body.professionals).toEqual([expect.objectContaining({ profession: 'educational_psychologist', name: 'Dr P Example' })]);
    expect(json.body.views.map((v: { who: string }) => v.who)).toEqual(expect.arrayContaining(['parent', 'pupil', 'staff']));

    const html = await api.http().get(`${base}/pupils/${pupilId}/evidence-pack?format=html`).set(as('senco'));
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    for (const t of allTargets) expect(html.text).toContain(t);

    const pdf = await api.http().get(`${base}/pupils/${pupilId}/evidence-pack?format=pdf`).set(as('parent')).buffer(true).parse(binaryBody);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { text, pages } = await pdfText(pdf.body as Buffer);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Zoë Łukasiewicz');
    for (const t of allTargets) expect(text).toContain(t);
    for (const measured of ['8 of 10 instructions followed', '9 of 20 words named', '11 of 20 words named', '12 of 20 words named', '3 of 4 events in order']) {
      expect(text).toContain(measured);
    }
    for (const label of ['Achieved', 'Partly achieved', 'Not achieved', 'Request an EHC needs assessment']) expect(text).toContain(label);
  });

  it('the school-wide red-flag list shows a pupil on SEN Support with no plan, and filters by flag', async () => {
    const list = (await api.http().get(`${base}/plan-flags?limit=200`).set(as('senco'))).body.items as { pupilId: string; flags: { code: string }[] }[];
    // The neighbour has been on SEN Support for 210 days with no plan at all.
    // The test school has given parents no way to reach the SENCO, which every pupil on the register is flagged for.
    expect(list.find((p) => p.pupilId === otherPupilId)?.flags.map((f) => f.code)).toEqual(['no_plan', 'no_senco_contact']);
    const onlyNoPlan = (await api.http().get(`${base}/plan-flags?code=no_plan&limit=200`).set(as('head'))).body.items as { flags: { code: string }[] }[];
    expect(onlyNoPlan.length).toBeGreaterThan(0);
    expect(onlyNoPlan.every((p) => p.flags.every((f) => f.code === 'no_plan'))).toBe(true);
    expectProblem(await api.http().get(`${base}/plan-flags?code=nonsense`).set(as('senco')), 400);
  });
});

describe('bad input: a clear problem, nothing changed', () => {
  let pupil: string;
  let cycle: string;
  beforeAll(async () => {
    pupil = (await addPupil(api, tokens.senco!, s.school.id, { className: '4B' })).id;
    await setStatus(api, tokens.senco!, s.school.id, pupil, { status: 'K', startDate: daysAgo(40), primaryNeed: 'MLD' });
  });

  it('a target date before the plan starts names the field', async () => {
    const start = daysAgo(10);
    const res = await api
      .http()
      .post(`${base}/pupils/${pupil}/plan-cycles`)
      .set(as('senco'))
      .send(
        goodPlan(start, {
          targets: [{ ...goodPlan(start).targets[0], targetDate: daysAgo(11) }],
        }),
      );
    const problem = expectProblem(res, 400);
    expect(problem.errors).toEqual([{ field: 'targets.0.targetDate', message: expect.stringMatching(/before the plan starts/) }]);
    expect((await planOf('senco', pupil)).body.current).toBeNull();
  });

  it('malformed content names each field', async () => {
    const res = await api
      .http()
      .post(`${base}/pupils/${pupil}/plan-cycles`)
      .set(as('senco'))
      .send({
        startsOn: 'next term',
        reviewDate: '2026-02-30',
        targets: [{ description: '' }],
        provisions: [{ description: 'Support in class', frequencyPeriod: 'sometimes', minutesPerSession: -5 }],
        unknown: 1,
      });
    const fields = (expectProblem(res, 400).errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(
      ['provisions.0.frequencyPeriod', 'provisions.0.minutesPerSession', 'reviewDate', 'startsOn', 'targets.0.description', 'unknown'].sort(),
    );
  });

  it('a pupil who is not on the register cannot be given a plan', async () => {
    const notSen = (await addPupil(api, tokens.senco!, s.school.id)).id;
    expect(
      expectProblem(
        await api
          .http()
          .post(`${base}/pupils/${notSen}/plan-cycles`)
          .set(as('senco'))
          .send(goodPlan(daysAgo(5))),
        409,
      ).detail,
    ).toMatch(/on the SEN register/);
  });

  it('a second open cycle, and a review missing an outcome, are refused', async () => {
    const created = await api
      .http()
      .post(`${base}/pupils/${pupil}/plan-cycles`)
      .set(as('senco'))
      .send(goodPlan(daysAgo(10)));
    expect(created.status).toBe(201);
    cycle = created.body.id;
    expectProblem(
      await api
        .http()
        .post(`${base}/pupils/${pupil}/plan-cycles`)
        .set(as('senco'))
        .send(goodPlan(daysAgo(10))),
      409,
    );
    await api.http().post(`${base}/plan-cycles/${cycle}/agree`).set(as('senco')).expect(200);
    await api.http().post(`${base}/plan-cycles/${cycle}/activate`).set(as('senco')).expect(200);
    const res = await api
      .http()
      .post(`${base}/plan-cycles/${cycle}/review`)
      .set(as('senco'))
      .send({ heldOn: todayInLondon(), attendees: [], outcomes: [], decision: 'continue' });
    expect(expectProblem(res, 400).errors).toEqual([{ field: 'outcomes', message: expect.stringMatching(/target 1 of the plan has none/) }]);
    expect((await api.http().get(`${base}/plan-cycles/${cycle}`).set(as('senco'))).body).toMatchObject({ status: 'active', review: null });
  });

  it('a parent giving views on another family’s plan gets 404 and nothing is written', async () => {
    const before = (await api.http().get(`${base}/plan-cycles/${cycle}`).set(as('senco'))).body.contributions;
    expect((await api.http().post(`${base}/plan-cycles/${cycle}/contributions`).set(as('parent')).send({ body: 'Not my child' })).status).toBe(404);
    expect((await api.http().get(`${base}/plan-cycles/${cycle}`).set(as('senco'))).body.contributions).toEqual(before);
  });

  it('ending SEN Support at a review appends N to the status history', async () => {
    const plan = (await api.http().get(`${base}/plan-cycles/${cycle}`).set(as('senco'))).body;
    const res = await api
      .http()
      .post(`${base}/plan-cycles/${cycle}/review`)
      .set(as('senco'))
      .send({
        heldOn: todayInLondon(),
        attendees: [{ name: 'Dad', role: 'parent' }],
        outcomes: [{ targetId: plan.inForce.targets[0].id, outcome: 'achieved', measuredValue: '9 of 10' }],
        decision: 'end_support',
      });
    expect(res.status).toBe(201);
    expect(res.body.nextCycle).toBeNull();
    const history = (await api.http().get(`${base}/pupils/${pupil}/sen-status`).set(as('senco'))).body as { status: string; endDate: string | null }[];
    expect(history.map((e) => [e.status, e.endDate === null])).toEqual([
      ['K', false],
      ['N', true],
    ]);
  });

  it('ending SEN Support or requesting an assessment is not a school decision for a pupil with an EHC plan', async () => {
    const ehc = (await addPupil(api, tokens.senco!, s.school.id)).id;
    await setStatus(api, tokens.senco!, s.school.id, ehc, { status: 'E', startDate: daysAgo(30), primaryNeed: 'ASD', ehcPlanDate: daysAgo(30) });
    const c = (
      await api
        .http()
        .post(`${base}/pupils/${ehc}/plan-cycles`)
        .set(as('senco'))
        .send(goodPlan(daysAgo(20)))
    ).body;
    await api.http().post(`${base}/plan-cycles/${c.id}/agree`).set(as('senco')).expect(200);
    const active = (await api.http().post(`${base}/plan-cycles/${c.id}/activate`).set(as('senco'))).body;
    const res = await api
      .http()
      .post(`${base}/plan-cycles/${c.id}/review`)
      .set(as('senco'))
      .send({
        heldOn: todayInLondon(),
        attendees: [{ name: 'Mum', role: 'parent' }],
        outcomes: [{ targetId: active.targets[0].id, outcome: 'achieved' }],
        decision: 'end_support',
      });
    expect(expectProblem(res, 422).errors).toEqual([
      { field: 'decision', message: expect.stringContaining('end_support is not available for a pupil with an EHC plan') },
    ]);
    const escalate = await api
      .http()
      .post(`${base}/plan-cycles/${c.id}/review`)
      .set(as('senco'))
      .send({
        heldOn: todayInLondon(),
        attendees: [{ name: 'Mum', role: 'parent' }],
        outcomes: [{ targetId: active.targets[0].id, outcome: 'achieved' }],
        decision: 'escalate',
      });
    expect(expectProblem(escalate, 422).errors).toEqual([
      { field: 'decision', message: 'escalate is not available for a pupil with an EHC plan; choose continue, early_review, reassessment_request' },
    ]);
    expect((await api.http().get(`${base}/plan-cycles/${c.id}`).set(as('senco'))).body).toMatchObject({ status: 'active', review: null });
  });

  it('the review interval is a school setting of 6 to 12 weeks', async () => {
    expect((await api.http().patch(`${base}/settings`).set(as('senco')).send({ reviewIntervalWeeks: 8 })).body.reviewIntervalWeeks).toBe(8);
    expect(expectProblem(await api.http().patch(`${base}/settings`).set(as('senco')).send({ reviewIntervalWeeks: 13 }), 400).errors).toEqual([
      { field: 'reviewIntervalWeeks', message: 'reviewIntervalWeeks must be between 6 and 12 weeks' },
    ]);
    expect((await api.http().patch(`${base}/settings`).set(as('teacher')).send({ reviewIntervalWeeks: 6 })).status).toBe(403);
    // The fourth cycle's draft was given a review date twelve weeks out; at eight weeks that is too far.
    const tooFar = async () =>
      ((await api.http().get(`${base}/plan-flags?code=review_date_too_far&limit=200`).set(as('senco'))).body.items as { pupilId: string }[]).map(
        (p) => p.pupilId,
      );
    expect(await tooFar()).toContain(pupilId);
    await api.http().patch(`${base}/settings`).set(as('senco')).send({ reviewIntervalWeeks: 12 }).expect(200);
    expect(await tooFar()).not.toContain(pupilId);
  });
});

describe('who may read a plan', () => {
  it('another school’s SENCO: 404 for the plan, its cycle, its version and the evidence pack', async () => {
    const plan = (await planOf('senco')).body.current;
    const otherBase = `/v1/schools/${s.school.id}`;
    for (const path of [`pupils/${pupilId}/plan`, `plan-cycles/${plan.id}`, `plan-versions/${plan.versions[0].id}`, `pupils/${pupilId}/evidence-pack`]) {
      expect({ path, status: (await api.http().get(`${otherBase}/${path}`).set(as('otherSenco'))).status }).toEqual({ path, status: 404 });
    }
    // Through their own school's routes, the ids name nothing.
    const theirs = `/v1/schools/${other.school.id}`;
    for (const path of [`pupils/${pupilId}/plan`, `plan-cycles/${plan.id}`, `plan-versions/${plan.versions[0].id}`]) {
      expect({ path, status: (await api.http().get(`${theirs}/${path}`).set(as('otherSenco'))).status }).toEqual({ path, status: 404 });
    }
  });

  it('a parent of another pupil, and a teacher who does not teach the pupil: 404', async () => {
    const plan = (await planOf('senco')).body.current;
    for (const who of ['otherParent', 'otherTeacher']) {
      for (const path of [
        `pupils/${pupilId}/plan`,
        `plan-cycles/${plan.id}`,
        `plan-versions/${plan.versions[0].id}`,
        `pupils/${pupilId}/professional-reports`,
      ]) {
        expect({ who, path, status: (await api.http().get(`${base}/${path}`).set(as(who))).status }).toEqual({ who, path, status: 404 });
      }
    }
    expect((await api.http().get(`${base}/pupils/${pupilId}/evidence-pack`).set(as('otherParent'))).status).toBe(404);
    // Their own child's plan is theirs to read.
    expect((await planOf('otherParent', otherPupilId)).status).toBe(200);
  });

  it('a teacher reads the plan of a pupil they teach but cannot write it or see the school-wide flags', async () => {
    expect((await planOf('teacher')).status).toBe(200);
    const plan = (await planOf('senco')).body.current;
    expect(
      (
        await api
          .http()
          .put(`${base}/plan-cycles/${plan.id}/draft`)
          .set(as('teacher'))
          .send(goodPlan(daysAgo(1)))
      ).status,
    ).toBe(403);
    expect((await api.http().get(`${base}/plan-flags`).set(as('teacher'))).status).toBe(403);
    expect((await api.http().get(`${base}/pupils/${pupilId}/evidence-pack`).set(as('teacher'))).status).toBe(403);
  });
});

describe('saving a draft loses nothing (issue 17)', () => {
  let cycleId: string;
  let stored: Record<string, any>;
  const started = daysAgo(5);
  const pending = async () => (await api.http().get(`${base}/plan-cycles/${cycleId}`).set(as('senco'))).body;

  beforeAll(async () => {
    const id = (await addPupil(api, tokens.senco!, s.school.id, { legalLastName: 'Roundtrip' })).id;
    expect((await setStatus(api, tokens.senco!, s.school.id, id, { status: 'K', startDate: daysAgo(30), primaryNeed: 'SLCN' })).status).toBe(201);
    const res = await api.http().post(`${base}/pupils/${id}/plan-cycles`).set(as('senco')).send(fullPlan(started));
    expect(res.status).toBe(201);
    cycleId = res.body.id;
    stored = res.body.pending;
  });

  it('a PUT of the stored content is a no-op: same version, same lines, nothing lost', async () => {
    const again = await api.http().put(`${base}/plan-cycles/${cycleId}/draft`).set(as('senco')).send(contentOf(stored));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(stored);
    expect(contentOf(again.body)).toEqual({ ...fullPlan(started), targets: expect.any(Array), provisions: expect.any(Array) });
    expect(again.body.needs).toHaveLength(2);
    expect(again.body.involvement.attendees.map((a: { role: string }) => a.role)).toEqual(['parent', 'class_teacher', 'senco']);
  });

  it('changing one field changes only that field, and every target and provision keeps its id', async () => {
    const res = await api
      .http()
      .put(`${base}/plan-cycles/${cycleId}/draft`)
      .set(as('senco'))
      .send({ ...contentOf(stored), strengths: 'Loves drawing. Kind' });
    expect(res.status).toBe(200);
    const { strengths, updatedAt: _u, flags: _f, ...rest } = res.body;
    const { updatedAt: _u0, flags: _f0, ...before } = stored;
    expect(strengths).toBe('Loves drawing. Kind');
    expect(rest).toEqual({ ...before, strengths: undefined });
    stored = res.body;
  });

  it('a line naming a target that is not this cycle’s is refused, naming the line, and nothing changes', async () => {
    const foreign = randomUUID();
    const body = contentOf(stored);
    body.targets[1].id = foreign;
    const refused = expectProblem(await api.http().put(`${base}/plan-cycles/${cycleId}/draft`).set(as('senco')).send(body), 400);
    expect(refused.errors).toEqual([{ field: 'targets.1.id', message: expect.stringMatching(/not a target of this plan cycle/) }]);
    expect((await pending()).pending).toEqual(stored);
  });

  it('once agreed and in place, a PUT of the same content makes no new version', async () => {
    await api.http().post(`${base}/plan-cycles/${cycleId}/agree`).set(as('senco')).expect(200);
    const active = (await api.http().post(`${base}/plan-cycles/${cycleId}/activate`).set(as('senco')).expect(200)).body;
    const again = await api.http().put(`${base}/plan-cycles/${cycleId}/draft`).set(as('senco')).send(contentOf(active));
    expect(again.body).toMatchObject({ id: active.id, version: 1, status: 'active' });
    const cycle = await pending();
    expect(cycle.pending).toBeNull();
    expect(cycle.versions).toHaveLength(1);
  });
});

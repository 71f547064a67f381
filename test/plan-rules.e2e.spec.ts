import { addDays } from '#libs/core';
import { addMember, createTestSchool, type TestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from './helpers/api.js';
import { goodPlan } from './helpers/plans.js';
import { addPupil, bearer, daysAgo, linkParent, setStatus, todayInLondon } from './helpers/register.js';

/**
 * The seeds' red flags end to end (docs/domain.md, "Red flags and the rules that answer them"): each rule
 * raised through the API shows in the version being written, in the pupil's plan and in the school-wide
 * list `GET plan-flags`, the EHC needs assessment prompts also to the parent, and each clears when the
 * school acts.
 */
let api: TestApi;
let s: TestSchool;
let base: string;
let senco: string;
let parent: string;
const pupils: Record<'plan' | 'missed' | 'monitored', string> = { plan: '', missed: '', monitored: '' };

type Flagged = { pupilId: string; flags: { code: string; message: string }[] }[];
const codes = (flags: { code: string }[]) => flags.map((f) => f.code);
const listed = async (pupilId: string, code?: string) => {
  const res = await api
    .http()
    .get(`${base}/plan-flags?limit=200${code ? `&code=${code}` : ''}`)
    .set(bearer(senco));
  expect(res.status).toBe(200);
  return codes((res.body.items as Flagged).find((p) => p.pupilId === pupilId)?.flags ?? []);
};
const planFlags = async (token: string, pupilId: string) => {
  const res = await api.http().get(`${base}/pupils/${pupilId}/plan`).set(bearer(token));
  expect(res.status).toBe(200);
  return res.body.flags as { code: string; message: string }[];
};

beforeAll(async () => {
  api = await startTestApi();
  s = await createTestSchool(api.dataSource);
  base = `/v1/schools/${s.school.id}`;
  senco = (await api.login(s.users.senco.email)).accessToken;
  for (const key of Object.keys(pupils) as (keyof typeof pupils)[]) pupils[key] = (await addPupil(api, senco, s.school.id, { className: '4R' })).id;
  expect((await setStatus(api, senco, s.school.id, pupils.plan, { status: 'K', startDate: daysAgo(30), primaryNeed: 'SLCN' })).status).toBe(201);
  expect((await setStatus(api, senco, s.school.id, pupils.missed, { status: 'K', startDate: daysAgo(400), primaryNeed: 'SLCN' })).status).toBe(201);
  expect((await setStatus(api, senco, s.school.id, pupils.monitored, { status: 'monitoring', startDate: daysAgo(200) })).status).toBe(201);
  parent = await linkParent(api, senco, s.school.id, pupils.missed, (await addMember(api.dataSource, s.school.id, 'parent')).email);
});
afterAll(() => api.close());

describe('the pupil and the school', () => {
  it('no_senco_contact: every pupil on the register is flagged until the school gives parents a way to reach the SENCO', async () => {
    expect(await listed(pupils.plan)).toEqual(['no_plan', 'no_senco_contact']);
    const f = (await planFlags(senco, pupils.plan)).find((x) => x.code === 'no_senco_contact');
    expect(f?.message).toMatch(/no email address or phone number for the SENCO/);
    await api.http().patch(`${base}/settings`).set(bearer(senco)).send({ sencoEmail: 'senco@school.example' }).expect(200);
    expect(await listed(pupils.plan)).toEqual(['no_plan']);
  });

  it('monitoring_too_long: a pupil monitored for more than a term is listed until a decision is recorded', async () => {
    expect(await listed(pupils.monitored)).toEqual(['monitoring_too_long']);
    expect(codes(await planFlags(senco, pupils.monitored))).toEqual(['monitoring_too_long']);
    expect((await setStatus(api, senco, s.school.id, pupils.monitored, { status: 'N', startDate: todayInLondon() })).status).toBe(201);
    expect(await listed(pupils.monitored)).toEqual([]);
  });
});

describe('the plan being written', () => {
  // The next Saturday at least a week away, inside the review interval.
  const saturday = (() => {
    let d = addDays(todayInLondon(), 7);
    while (new Date(`${d}T12:00:00Z`).getUTCDay() !== 6) d = addDays(d, 1);
    return d;
  })();
  const start = daysAgo(10);
  const weak = goodPlan(start, {
    reviewDate: saturday,
    needs: [{ area: 'communication_and_interaction', description: 'SLCN' }],
    pupilViews: null,
    homeSupport: null,
    provisions: [goodPlan(start).provisions[0]],
  });
  const NEW_FLAGS = [
    'needs_not_specific',
    'no_pupil_views',
    'class_teacher_not_responsible',
    'no_home_role',
    'review_date_school_closed',
    'report_not_reflected',
  ];

  it("needs, the pupil's views, home, the class teacher, a closed review day and a report's advice: flagged in the version, the plan and the list", async () => {
    const report = await api
      .http()
      .post(`${base}/pupils/${pupils.plan}/professional-reports`)
      .set(bearer(senco))
      .send({
        profession: 'speech_and_language_therapist',
        professionalName: 'A Therapist',
        organisation: 'NHS',
        reportDate: daysAgo(15),
        summary: 'Receptive language delay.',
        recommendations: 'Use a visual timetable every morning.',
      });
    expect(report.status).toBe(201);
    const started = await api.http().post(`${base}/pupils/${pupils.plan}/plan-cycles`).set(bearer(senco)).send(weak);
    expect(started.status).toBe(201);
    expect(codes(started.body.pending.flags)).toEqual(NEW_FLAGS);
    expect(codes(await planFlags(senco, pupils.plan))).toEqual(expect.arrayContaining(NEW_FLAGS));
    expect(await listed(pupils.plan)).toEqual(['no_plan', ...NEW_FLAGS]);
    expect(await listed(pupils.plan, 'report_not_reflected')).toEqual(['report_not_reflected']);
  });

  it('each clears when the plan is fixed', async () => {
    const cycleId = (await api.http().get(`${base}/pupils/${pupils.plan}/plan`).set(bearer(senco))).body.current.id as string;
    const visual = {
      description: 'Visual timetable gone through each morning',
      staffRole: 'class_teacher',
      frequencyCount: 5,
      frequencyPeriod: 'week',
      minutesPerSession: 5,
      groupSize: 1,
    };
    const fixed = goodPlan(start, { provisions: [...goodPlan(start).provisions, visual] });
    const saved = await api.http().put(`${base}/plan-cycles/${cycleId}/draft`).set(bearer(senco)).send(fixed);
    expect(saved.status).toBe(200);
    expect(saved.body.flags).toEqual([]);
    expect(await listed(pupils.plan)).toEqual(['no_plan']);
  });
});

describe('when SEN Support is not working', () => {
  it('a target missed at two reviews running, and a year with little progress, prompt an EHC needs assessment, for the SENCO and the parent', async () => {
    const c1 = daysAgo(200);
    const started = await api.http().post(`${base}/pupils/${pupils.missed}/plan-cycles`).set(bearer(senco)).send(goodPlan(c1));
    expect(started.status).toBe(201);
    const review = async (cycleId: string, heldOn: string, measuredValue: string) => {
      await api.http().post(`${base}/plan-cycles/${cycleId}/agree`).set(bearer(senco)).expect(200);
      const active = await api.http().post(`${base}/plan-cycles/${cycleId}/activate`).set(bearer(senco)).expect(200);
      const res = await api
        .http()
        .post(`${base}/plan-cycles/${cycleId}/review`)
        .set(bearer(senco))
        .send({
          heldOn,
          attendees: [
            { name: 'Mum', role: 'parent' },
            { name: 'SENCO', role: 'senco' },
          ],
          outcomes: [{ targetId: active.body.targets[0].id, outcome: 'not_achieved', measuredValue }],
          whatWorked: 'Picture prompts',
          whatDidNotWork: 'Group too large',
          parentViews: 'Worried.',
          decision: 'continue',
        });
      expect(res.status).toBe(201);
      return res.body.nextCycle as { id: string; pending: { targets: { carriedFromId: string }[] } };
    };
    const c2 = daysAgo(130);
    const next = await review(started.body.id, c2, '4 of 10 instructions followed');
    const carried = { ...goodPlan(c2).targets[0], carriedFromId: next.pending.targets[0]!.carriedFromId };
    await api
      .http()
      .put(`${base}/plan-cycles/${next.id}/draft`)
      .set(bearer(senco))
      .send(goodPlan(c2, { targets: [carried] }))
      .expect(200);
    await review(next.id, daysAgo(60), 'Making good progress');

    const prompts = ['repeated_targets_not_met', 'long_support_little_progress'];
    expect(await listed(pupils.missed)).toEqual(expect.arrayContaining([...prompts, 'outcome_not_measured']));
    expect(await listed(pupils.missed, 'repeated_targets_not_met')).toEqual(['repeated_targets_not_met']);
    // The parent reads the same prompts, in plain words, on their child's plan.
    const seen = (await planFlags(parent, pupils.missed)).filter((f) => prompts.includes(f.code));
    expect(codes(seen)).toEqual(prompts);
    for (const f of seen) expect(f.message).toMatch(/EHC needs assessment, and the parents can ask for one themselves\.$/);
  });
});

import { addDays } from '#libs/core';
import { openDayNear } from '#libs/plans';
import type { TestApi } from './api.js';
import { bearer, daysAgo, todayInLondon } from './register.js';

/** The day itself on a weekday, else the Monday after: a school is closed at weekends (review_date_school_closed). */
export const weekdayFrom = (date: string): string => openDayNear(date, { terms: [], closures: [] }, date, addDays(date, 2));

/** A plan that passes every quality rule, starting on `startsOn`, reviewed about ten weeks later on a weekday. */
export function goodPlan(startsOn: string, overrides: Record<string, unknown> = {}) {
  return {
    startsOn,
    reviewDate: weekdayFrom(addDays(startsOn, 70)),
    needs: [
      {
        area: 'communication_and_interaction',
        description: 'Finds it hard to follow two-step spoken instructions in class; loses track after the first step.',
      },
    ],
    strengths: 'Loves drawing; kind to younger pupils.',
    attainment: 'Reading at age-related expectations; spoken language below.',
    pupilViews: 'I like it when the teacher shows me a picture of what to do.',
    parentViews: 'At home he forgets what he was asked halfway through.',
    homeSupport: 'Practise two-step instructions at tea time, three evenings a week.',
    involvement: {
      meetingDate: startsOn,
      attendees: [
        { name: 'Parent A', role: 'parent' },
        { name: 'SENCO', role: 'senco' },
      ],
      parentComments: 'Happy with the targets; would like a weekly note home.',
    },
    targets: [
      {
        description: 'Follow two-step spoken instructions in class',
        areaOfNeed: 'communication_and_interaction',
        measure: 'Observed by the class teacher in 10 instructions a week',
        baseline: '3 of 10 instructions followed',
        successCriterion: '8 of 10 instructions followed',
        targetDate: addDays(startsOn, 63),
      },
    ],
    provisions: [
      {
        description: 'Language for Thinking small group',
        staffRole: 'teaching_assistant',
        deliveredBy: 'Ms Example',
        frequencyCount: 3,
        frequencyPeriod: 'week',
        minutesPerSession: 20,
        groupSize: 4,
        startsOn,
        endsOn: addDays(startsOn, 70),
      },
      // The class teacher stays responsible (Code 6.52): their part is recorded too.
      {
        description: 'Instructions given one step at a time with a picture prompt',
        staffRole: 'class_teacher',
        deliveredBy: null,
        frequencyCount: 1,
        frequencyPeriod: 'day',
        minutesPerSession: 10,
        groupSize: 1,
        startsOn,
        endsOn: addDays(startsOn, 70),
      },
    ],
    ...overrides,
  };
}

/**
 * Gives every plan table a row for one pupil, through the API as the SENCO: a cycle agreed, put in place,
 * with a professional report and views, reviewed (continue), which opens a second cycle as a draft.
 * Returns the open cycle and its draft version.
 */
export async function populatePlan(
  api: TestApi,
  token: string,
  schoolId: string,
  pupilId: string,
): Promise<{ cycleId: string; versionId: string; reviewedCycleId: string; reviewDate: string }> {
  const ok = (res: { status: number; body: unknown }, expected: number, what: string) => {
    if (res.status !== expected) throw new Error(`${what} failed with ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Record<string, any>;
  };
  const http = () => api.http();
  const s = `/v1/schools/${schoolId}`;
  const cycle = ok(
    await http()
      .post(`${s}/pupils/${pupilId}/plan-cycles`)
      .set(bearer(token))
      .send(goodPlan(daysAgo(20))),
    201,
    'starting a plan',
  );
  ok(await http().post(`${s}/plan-cycles/${cycle.id}/agree`).set(bearer(token)), 200, 'agreeing a plan');
  const active = ok(await http().post(`${s}/plan-cycles/${cycle.id}/activate`).set(bearer(token)), 200, 'putting a plan in place');
  ok(
    await http()
      .post(`${s}/pupils/${pupilId}/professional-reports`)
      .set(bearer(token))
      .send({
        profession: 'speech_and_language_therapist',
        professionalName: 'A Therapist',
        organisation: 'NHS',
        reportDate: daysAgo(25),
        summary: 'Receptive language delay.',
        recommendations: 'Visual supports.',
      }),
    201,
    'adding a professional report',
  );
  ok(
    await http()
      .post(`${s}/plan-cycles/${cycle.id}/contributions`)
      .set(bearer(token))
      .send({ body: 'Following more instructions now', targetId: active.targets[0].id, measuredValue: '5 of 10' }),
    201,
    'adding a contribution',
  );
  const review = ok(
    await http()
      .post(`${s}/plan-cycles/${cycle.id}/review`)
      .set(bearer(token))
      .send({
        heldOn: todayInLondon(),
        attendees: [
          { name: 'Parent A', role: 'parent' },
          { name: 'SENCO', role: 'senco' },
        ],
        outcomes: [{ targetId: active.targets[0].id, outcome: 'partly_achieved', measuredValue: '6 of 10' }],
        whatWorked: 'Visual prompts',
        whatDidNotWork: 'Long sessions',
        parentViews: 'Pleased',
        pupilViews: 'I like the pictures',
        decision: 'continue',
      }),
    201,
    'recording a review',
  );
  // The next cycle is agreed and put in place, so a review is coming up for the reminders.
  const next = review.nextCycle;
  const draft = next.pending;
  ok(
    await http()
      .put(`${s}/plan-cycles/${next.id}/draft`)
      .set(bearer(token))
      .send(goodPlan(draft.startsOn, { reviewDate: draft.reviewDate })),
    200,
    'editing the next cycle',
  );
  ok(await http().post(`${s}/plan-cycles/${next.id}/agree`).set(bearer(token)), 200, 'agreeing the next cycle');
  const active2 = ok(await http().post(`${s}/plan-cycles/${next.id}/activate`).set(bearer(token)), 200, 'putting the next cycle in place');
  return { cycleId: next.id, versionId: active2.id, reviewedCycleId: cycle.id, reviewDate: active2.reviewDate as string };
}

/**
 * A plan with every part filled in: two areas of need, attainment, home support, two targets, provision with
 * every field, three attendees. For the tests that a save loses nothing (issue 17).
 */
export function fullPlan(startsOn: string) {
  const plan = goodPlan(startsOn);
  return {
    ...plan,
    needs: [
      ...plan.needs,
      { area: 'social_emotional_mental_health', description: 'Becomes anxious at transitions; hides under the table when the timetable changes.' },
    ],
    changeSummary: null,
    involvement: {
      meetingDate: startsOn,
      attendees: [
        { name: 'Parent A', role: 'parent' },
        { name: 'Mr C Teacher', role: 'class_teacher' },
        { name: 'Ms S Enco', role: 'senco' },
      ],
      parentComments: 'Happy with the targets; would like a weekly note home.',
    },
    targets: [
      ...plan.targets,
      {
        ...plan.targets[0]!,
        description: 'Move between lessons with a visual timetable and no adult prompt',
        areaOfNeed: 'social_emotional_mental_health',
        baseline: '1 of 5 transitions',
        successCriterion: '4 of 5 transitions',
      },
    ],
    provisions: [
      ...plan.provisions,
      {
        description: 'Zones of regulation check-in',
        staffRole: 'mental_health_practitioner',
        deliveredBy: 'Mr M Health',
        frequencyCount: 1,
        frequencyPeriod: 'day',
        minutesPerSession: 10,
        groupSize: 1,
        startsOn,
        endsOn: addDays(startsOn, 35),
      },
    ],
  };
}

/** What a stored version (the API's VersionDto) says, as a draft to PUT back: every field, lines with their ids. */
export function contentOf(v: Record<string, any>) {
  const { startsOn, reviewDate, needs, strengths, attainment, pupilViews, parentViews, homeSupport, involvement, changeSummary } = v;
  return {
    startsOn,
    reviewDate,
    needs,
    strengths,
    attainment,
    pupilViews,
    parentViews,
    homeSupport,
    involvement,
    changeSummary,
    targets: v.targets.map((t: Record<string, unknown>) => ({ ...t })),
    provisions: v.provisions.map(({ dose: _dose, ...p }: Record<string, unknown>) => p),
  };
}

import { academicYearBounds, academicYearOf, addDays } from '#libs/core';
import type { TestApi } from './api.js';
import { bearer, todayInLondon } from './register.js';

/**
 * A whole-year term for the given academic year (so any day of the year can have sessions), with an INSET day.
 * The INSET day is placed on the first Wednesday after `insetAfter`.
 */
export function openYear(year: number, insetAfter?: string) {
  const { startsOn, endsOn } = academicYearBounds(year);
  const closures = [];
  if (insetAfter) {
    let d = insetAfter;
    while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 3) d = addDays(d, 1);
    if (d <= endsOn) closures.push({ kind: 'inset', name: 'INSET day', startsOn: d, endsOn: d });
  }
  return { terms: [{ name: 'Whole year', startsOn, endsOn }], closures };
}

/**
 * Gives every interventions table a row, through the API as the SENCO (who runs the group, so the school's
 * teacher does not): calendar, catalogue entry, budget, a group with a daily timetable and the pupil in it,
 * one session recorded and then corrected, and a calendar feed. Returns the ids the route probe needs.
 */
export async function populateInterventions(api: TestApi, token: string, schoolId: string, pupilId: string) {
  const ok = (res: { status: number; body: unknown }, expected: number, what: string) => {
    if (res.status !== expected) throw new Error(`${what} failed with ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Record<string, any>;
  };
  const s = `/v1/schools/${schoolId}`;
  const today = todayInLondon();
  const year = academicYearOf(today);
  const start = addDays(today, -14);
  for (const y of new Set([academicYearOf(start), year])) {
    ok(
      await api
        .http()
        .put(`${s}/calendar/${y}`)
        .set(bearer(token))
        .send(openYear(y, y === year ? addDays(today, 1) : undefined)),
      200,
      'setting the calendar',
    );
  }
  const me = ok(await api.http().get('/v1/me').set(bearer(token)), 200, 'reading me');
  const intervention = ok(
    await api.http().post(`${s}/interventions`).set(bearer(token)).send({
      name: 'Probe Catch Up',
      areaOfNeed: 'cognition_and_learning',
      frequencyCount: 5,
      frequencyPeriod: 'week',
      sessionMinutes: 20,
      groupSize: 4,
      deliveringRole: 'teaching_assistant',
      staffCostPerHourPence: 1500,
    }),
    201,
    'adding an intervention',
  );
  ok(await api.http().put(`${s}/sen-budgets/${year}`).set(bearer(token)).send({ amountPence: 6_000_00 }), 200, 'setting the budget');
  const group = ok(
    await api
      .http()
      .post(`${s}/intervention-groups`)
      .set(bearer(token))
      .send({
        interventionId: intervention.id,
        name: 'Probe group',
        startsOn: start,
        endsOn: addDays(today, 30),
        staffUserIds: [me.id],
        schedule: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startTime: '10:00', minutes: 20 })),
        pupils: [{ pupilId, measureName: 'Reading age (months)', entryValue: 84, entryOn: start }],
      }),
    201,
    'creating a group',
  );
  const sessions = ok(
    await api.http().get(`${s}/intervention-groups/${group.id}/sessions?from=${start}&to=${today}`).set(bearer(token)),
    200,
    'listing sessions',
  ) as unknown as { id: string; date: string }[];
  const past = sessions.find((x) => x.date < today)!;
  ok(
    await api
      .http()
      .post(`${s}/intervention-groups/${group.id}/sessions/record`)
      .set(bearer(token))
      .send({
        sessions: [{ sessionId: past.id, status: 'delivered', actualMinutes: 20, attendance: [{ pupilId, present: true, progressScore: 3 }] }],
      }),
    200,
    'recording a session',
  );
  ok(
    await api
      .http()
      .put(`${s}/intervention-sessions/${past.id}`)
      .set(bearer(token))
      .send({
        reason: 'Ran short',
        status: 'delivered',
        actualMinutes: 15,
        attendance: [{ pupilId, present: true, progressScore: 3 }],
      }),
    200,
    'correcting a session',
  );
  const feed = ok(await api.http().post(`${s}/calendar-feed`).set(bearer(token)), 201, 'creating a calendar feed');
  return {
    interventionId: intervention.id as string,
    groupId: group.id as string,
    enrolmentId: group.pupils[0].id as string,
    sessionId: past.id,
    academicYear: String(year),
    feedUrl: feed.url as string,
    senco: me.id as string,
  };
}

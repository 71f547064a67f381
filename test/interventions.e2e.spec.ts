import ICAL from 'ical.js';
import { academicYearOf, addDays } from '#libs/core';
import { INTERVENTION_CATALOGUE } from '#libs/interventions';
import { addMember, createTestSchool, type TestSchool } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';
import { openYear } from './helpers/interventions.js';
import { goodPlan } from './helpers/plans.js';
import { addPupil, bearer, daysAgo, setStatus, todayInLondon } from './helpers/register.js';

/**
 * A term of interventions as a school runs it: the SENCO sets the calendar and two groups, the staff who run
 * them record every session (some cancelled, some pupils absent), and the provision map must say exactly
 * what the test itself recorded.
 */
let api: TestApi;
let s: TestSchool;
let other: TestSchool;
let base: string;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
const pupils: Record<string, string> = {};

// Last academic year's autumn term: wholly in the past, so every session can be recorded.
const YEAR = academicYearOf(todayInLondon()) - 1;
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const nextWeekday = (date: string, day: number) => {
  let d = date;
  while (weekday(d) !== day) d = addDays(d, 1);
  return d;
};
const TERM = { name: 'Autumn', startsOn: `${YEAR}-09-02`, endsOn: `${YEAR}-12-18` };
const HALF_TERM = {
  kind: 'half_term',
  name: 'October half term',
  startsOn: nextWeekday(`${YEAR}-10-24`, 1),
  endsOn: addDays(nextWeekday(`${YEAR}-10-24`, 1), 4),
};
const INSET = { kind: 'inset', name: 'INSET day', startsOn: nextWeekday(`${YEAR}-11-12`, 2), endsOn: nextWeekday(`${YEAR}-11-12`, 2) };
const closedDays = (() => {
  const days = new Set<string>();
  for (const c of [HALF_TERM, INSET]) for (let d = c.startsOn; d <= c.endsOn; d = addDays(d, 1)) days.add(d);
  return days;
})();

const as = (who: string) => bearer(tokens[who]!);
const ok = <T = any>(res: { status: number; body: unknown }, status: number): T => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as T;
};

beforeAll(async () => {
  api = await startTestApi();
  s = await createTestSchool(api.dataSource);
  other = await createTestSchool(api.dataSource);
  base = `/v1/schools/${s.school.id}`;
  const ta = await addMember(api.dataSource, s.school.id, 'teacher');
  users.ta = ta.id;
  users.teacher = s.users.teacher.id;
  users.senco = s.users.senco.id;
  for (const role of ['senco', 'head', 'teacher', 'parent'] as const) tokens[role] = (await api.login(s.users[role].email)).accessToken;
  tokens.ta = (await api.login(ta.email)).accessToken;
  tokens.otherSenco = (await api.login(other.users.senco.email)).accessToken;
  for (const [name, cls] of [
    ['Ava', '3A'],
    ['Ben', '3A'],
    ['Cal', '5C'],
  ] as const) {
    pupils[name] = (await addPupil(api, tokens.senco!, s.school.id, { legalFirstName: name, className: cls, yearGroup: cls === '5C' ? '5' : '3' })).id;
    await setStatus(api, tokens.senco!, s.school.id, pupils[name], { status: 'K', startDate: daysAgo(500), primaryNeed: 'SPLD' });
  }
  pupils.foreign = (await addPupil(api, tokens.otherSenco, other.school.id)).id;
  // Ava's mother has an account.
  const mum = ok(
    await api.http().post(`${base}/pupils/${pupils.Ava}/contacts`).set(as('senco')).send({
      firstName: 'Mum',
      lastName: 'Ava',
      email: s.users.parent.email,
      preferredChannel: 'email',
      relationship: 'mother',
      parentalResponsibility: true,
    }),
    201,
  );
  const invite = ok(await api.http().post(`${base}/contacts/${mum.contactId}/invitation`).set(as('senco')), 201);
  ok(await api.http().post('/v1/auth/invitations/accept').send({ token: invite.token, displayName: 'Mum', password: 'correct-horse-battery-staple' }), 200);
});
afterAll(() => api.close());

interface Session {
  id: string;
  date: string;
  startTime: string;
  minutes: number;
  status: string;
  enrolled: string[];
}
const groups: Record<string, { id: string; interventionId: string }> = {};
const recorded: Record<string, { sessionId: string; status: string; minutes: number; present: Record<string, boolean> }[]> = { A: [], B: [] };
const rates: Record<string, { rate: number; resource: number }> = { A: { rate: 1800, resource: 5000 }, B: { rate: 2400, resource: 0 } };

describe('a term of interventions', () => {
  it('the SENCO sets the term with its half term and INSET day, and seeds the catalogue', async () => {
    const cal = await api
      .http()
      .put(`${base}/calendar/${YEAR}`)
      .set(as('senco'))
      .send({ terms: [TERM], closures: [HALF_TERM, INSET] });
    expect(cal.status).toBe(200);
    expect(cal.body.closures).toHaveLength(2);
    const seeded = ok<{ name: string }[]>(await api.http().post(`${base}/interventions/seed`).set(as('senco')), 201);
    expect(seeded.map((i) => i.name).sort()).toEqual(INTERVENTION_CATALOGUE.map((c) => c.name).sort());
    // Seeding twice adds nothing.
    expect(ok<unknown[]>(await api.http().post(`${base}/interventions/seed`).set(as('senco')), 201)).toEqual([]);
  });

  it('two groups with weekly timetables: sessions on every open day of the timetable, none when the school is closed', async () => {
    const catalogue = ok<{ id: string; name: string }[]>(await api.http().get(`${base}/interventions`).set(as('teacher')), 200);
    const catchUp = catalogue.find((i) => i.name.startsWith('Catch Up Literacy'))!;
    const elsa = catalogue.find((i) => i.name.startsWith('ELSA'))!;
    await api
      .http()
      .patch(`${base}/interventions/${catchUp.id}`)
      .set(as('senco'))
      .send({ staffCostPerHourPence: rates.A!.rate, resourceCostPence: rates.A!.resource })
      .expect(200);
    await api.http().patch(`${base}/interventions/${elsa.id}`).set(as('senco')).send({ staffCostPerHourPence: rates.B!.rate }).expect(200);

    const a = ok(
      await api
        .http()
        .post(`${base}/intervention-groups`)
        .set(as('senco'))
        .send({
          interventionId: catchUp.id,
          name: 'Catch Up, Year 3',
          startsOn: TERM.startsOn,
          endsOn: TERM.endsOn,
          location: 'Library',
          staffUserIds: [users.teacher],
          schedule: [
            { weekday: 2, startTime: '09:00', minutes: 20 },
            { weekday: 4, startTime: '09:00', minutes: 20 },
          ],
          pupils: [{ pupilId: pupils.Ava, measureName: 'Reading age (months)', entryValue: 78, entryOn: TERM.startsOn }, { pupilId: pupils.Ben }],
        }),
      201,
    );
    const b = ok(
      await api
        .http()
        .post(`${base}/intervention-groups`)
        .set(as('senco'))
        .send({
          interventionId: elsa.id,
          name: 'ELSA',
          startsOn: TERM.startsOn,
          endsOn: TERM.endsOn,
          staffUserIds: [users.ta],
          schedule: [{ weekday: 3, startTime: '13:30', minutes: 30 }],
          pupils: [{ pupilId: pupils.Ava }, { pupilId: pupils.Cal }],
        }),
      201,
    );
    groups.A = { id: a.id, interventionId: catchUp.id };
    groups.B = { id: b.id, interventionId: elsa.id };

    const expectedDays = (days: number[]) => {
      const out: string[] = [];
      for (let d = TERM.startsOn; d <= TERM.endsOn; d = addDays(d, 1)) if (days.includes(weekday(d)) && !closedDays.has(d)) out.push(d);
      return out;
    };
    for (const [key, days] of [
      ['A', [2, 4]],
      ['B', [3]],
    ] as const) {
      const list = ok<Session[]>(
        await api.http().get(`${base}/intervention-groups/${groups[key]!.id}/sessions?from=${TERM.startsOn}&to=${TERM.endsOn}`).set(as('senco')),
        200,
      );
      expect(list.map((x) => x.date)).toEqual(expectedDays([...days]));
      expect(list.some((x) => closedDays.has(x.date))).toBe(false);
    }
    expect(a.plannedSessions).toBe(expectedDays([2, 4]).length);
  });

  it('a booking that clashes is refused, naming the session it clashes with, and nothing is created', async () => {
    const before = ok<unknown[]>(await api.http().get(`${base}/intervention-groups`).set(as('senco')), 200).length;
    // The class teacher already runs Catch Up on Tuesdays 09:00–09:20.
    const staffClash = await api
      .http()
      .post(`${base}/intervention-groups`)
      .set(as('senco'))
      .send({
        interventionId: groups.A!.interventionId,
        name: 'Clashing',
        startsOn: TERM.startsOn,
        endsOn: TERM.endsOn,
        staffUserIds: [users.teacher],
        schedule: [{ weekday: 2, startTime: '09:10', minutes: 20 }],
      });
    const problem = expectProblem(staffClash, 409);
    expect(problem.detail).toMatch(/already booked in "Catch Up, Year 3" on \d{4}-\d{2}-\d{2} 09:00–09:20/);
    expect(problem.clash).toMatchObject({ groupName: 'Catch Up, Year 3', startTime: '09:00', minutes: 20 });
    // Ava has ELSA on Wednesdays 13:30–14:00; a group run by someone else at 13:45 cannot take her.
    const pupilClash = await api
      .http()
      .post(`${base}/intervention-groups`)
      .set(as('senco'))
      .send({
        interventionId: groups.A!.interventionId,
        name: 'Also clashing',
        startsOn: TERM.startsOn,
        endsOn: TERM.endsOn,
        staffUserIds: [users.senco],
        schedule: [{ weekday: 3, startTime: '13:45', minutes: 15 }],
        pupils: [{ pupilId: pupils.Ava }],
      });
    expect(expectProblem(pupilClash, 409).errors).toEqual([{ field: 'pupils', message: expect.stringMatching(/^Ava .* is already booked in "ELSA"/) }]);
    expect(ok<unknown[]>(await api.http().get(`${base}/intervention-groups`).set(as('senco')), 200)).toHaveLength(before);
    // Back to back is not a clash: Catch Up ends at 09:20.
    const touching = await api
      .http()
      .post(`${base}/intervention-groups`)
      .set(as('senco'))
      .send({
        interventionId: groups.A!.interventionId,
        name: 'Back to back',
        startsOn: TERM.startsOn,
        endsOn: addDays(TERM.startsOn, 13),
        staffUserIds: [users.teacher],
        schedule: [{ weekday: 2, startTime: '09:20', minutes: 20 }],
        pupils: [{ pupilId: pupils.Ava }],
      });
    expect(touching.status).toBe(201);
  });

  it('the teacher records Catch Up a week at a time: some sessions cancelled, some pupils absent', async () => {
    const list = ok<Session[]>(
      await api.http().get(`${base}/intervention-groups/${groups.A!.id}/sessions?from=${TERM.startsOn}&to=${TERM.endsOn}`).set(as('teacher')),
      200,
    );
    const weeks = new Map<string, Session[]>();
    for (const x of list) {
      const monday = addDays(x.date, -((weekday(x.date) + 6) % 7));
      weeks.set(monday, [...(weeks.get(monday) ?? []), x]);
    }
    let n = 0;
    for (const week of weeks.values()) {
      const items = week.map((x) => {
        n += 1;
        if (n % 5 === 0) {
          recorded.A!.push({ sessionId: x.id, status: 'cancelled', minutes: 0, present: {} });
          return { sessionId: x.id, status: 'cancelled', cancelReason: 'staff_absence' };
        }
        const minutes = n % 4 === 0 ? 15 : 20;
        const present = { [pupils.Ava!]: true, [pupils.Ben!]: n % 3 !== 0 };
        recorded.A!.push({ sessionId: x.id, status: 'delivered', minutes, present });
        return {
          sessionId: x.id,
          status: 'delivered',
          actualMinutes: minutes,
          note: 'Book-band work',
          attendance: Object.entries(present).map(([pupilId, here]) => ({
            pupilId,
            present: here,
            absenceReason: here ? null : 'absent_from_school',
            progressScore: here ? 3 : null,
          })),
        };
      });
      ok(await api.http().post(`${base}/intervention-groups/${groups.A!.id}/sessions/record`).set(as('teacher')).send({ sessions: items }), 200);
    }
    expect(recorded.A!.filter((r) => r.status === 'cancelled').length).toBeGreaterThan(0);
  });

  it('the teaching assistant records ELSA; four cancellations put it below 80% of planned', async () => {
    const list = ok<Session[]>(
      await api.http().get(`${base}/intervention-groups/${groups.B!.id}/sessions?from=${TERM.startsOn}&to=${TERM.endsOn}`).set(as('ta')),
      200,
    );
    const items = list.map((x, i) => {
      if (i < 4) {
        recorded.B!.push({ sessionId: x.id, status: 'cancelled', minutes: 0, present: {} });
        return { sessionId: x.id, status: 'cancelled', cancelReason: 'school_event' };
      }
      const present = { [pupils.Ava!]: true, [pupils.Cal!]: i !== 6 };
      recorded.B!.push({ sessionId: x.id, status: 'delivered', minutes: 30, present });
      return { sessionId: x.id, status: 'delivered', attendance: Object.entries(present).map(([pupilId, here]) => ({ pupilId, present: here })) };
    });
    ok(await api.http().post(`${base}/intervention-groups/${groups.B!.id}/sessions/record`).set(as('ta')).send({ sessions: items }), 200);
  });

  it('the exit measure is recorded at the end of the term', async () => {
    const group = ok(await api.http().get(`${base}/intervention-groups/${groups.A!.id}`).set(as('senco')), 200);
    const ava = group.pupils.find((p: { pupilId: string }) => p.pupilId === pupils.Ava);
    const updated = ok(
      await api.http().patch(`${base}/intervention-groups/${groups.A!.id}/enrolments/${ava.id}`).set(as('senco')).send({ exitValue: 86, exitOn: TERM.endsOn }),
      200,
    );
    expect(updated).toMatchObject({ entryValue: 78, exitValue: 86 });
  });

  /** What the test itself recorded, summed the way the provision map defines its figures. */
  function expected(key: 'A' | 'B', pupilId: string | null) {
    const rows = recorded[key]!;
    const delivered = rows.filter((r) => r.status === 'delivered');
    const onList = delivered.filter((r) => pupilId === null || pupilId in r.present);
    const enrolments = key === 'A' ? 2 : 2;
    const { rate, resource } = rates[key]!;
    const staffCost = (r: (typeof rows)[number]) => (r.minutes * rate) / 60;
    return {
      planned: rows.length,
      delivered: delivered.length,
      cancelled: rows.length - delivered.length,
      recorded: onList.length,
      attended: pupilId ? onList.filter((r) => r.present[pupilId]).length : undefined,
      minutesReceived: pupilId ? onList.filter((r) => r.present[pupilId]).reduce((a, r) => a + r.minutes, 0) : undefined,
      costPence: pupilId
        ? Math.round(onList.reduce((a, r) => a + staffCost(r) / Object.keys(r.present).length, 0) + resource / enrolments)
        : Math.round(delivered.reduce((a, r) => a + staffCost(r), 0) + resource),
      deliveredMinutes: delivered.reduce((a, r) => a + r.minutes, 0),
    };
  }

  it('the pupil’s provision map equals what was recorded: sessions, attendance, minutes, cost and measures', async () => {
    const map = ok(await api.http().get(`${base}/pupils/${pupils.Ava}/provision-map?academicYear=${YEAR}`).set(as('senco')), 200);
    const byGroup = (id: string) => map.provisions.find((p: { groupId: string }) => p.groupId === id);
    for (const key of ['A', 'B'] as const) {
      const e = expected(key, pupils.Ava!);
      const p = byGroup(groups[key]!.id);
      expect(p).toMatchObject({
        planned: e.planned,
        delivered: e.delivered,
        cancelled: e.cancelled,
        unrecorded: 0,
        upcoming: 0,
        recorded: e.recorded,
        attended: e.attended,
        minutesReceived: e.minutesReceived,
        costPence: e.costPence,
        deliveredMinutes: e.deliveredMinutes,
        deliveryRate: Math.round((e.delivered / e.planned) * 1000) / 1000,
        belowFidelity: e.delivered / e.planned < 0.8,
      });
    }
    expect(byGroup(groups.A!.id).measure).toEqual({
      name: 'Reading age (months)',
      entryValue: 78,
      entryOn: TERM.startsOn,
      exitValue: 86,
      exitOn: TERM.endsOn,
      change: 8,
    });
    expect(byGroup(groups.B!.id).belowFidelity).toBe(true);
    // Ben, absent every third delivered session.
    const ben = ok(await api.http().get(`${base}/pupils/${pupils.Ben}/provision-map?academicYear=${YEAR}`).set(as('senco')), 200).provisions[0];
    const eb = expected('A', pupils.Ben!);
    expect(ben).toMatchObject({
      attended: eb.attended,
      recorded: eb.recorded,
      attendanceRate: Math.round((eb.attended! / eb.recorded) * 1000) / 1000,
      costPence: eb.costPence,
    });
  });

  it('the school’s provision map adds up the same way, against the notional SEN budget', async () => {
    ok(await api.http().put(`${base}/sen-budgets/${YEAR}`).set(as('senco')).send({ amountPence: 1_200_000 }), 200);
    const map = ok(await api.http().get(`${base}/provision-map?academicYear=${YEAR}`).set(as('head')), 200);
    const byId = (id: string) => map.byIntervention.find((i: { interventionId: string }) => i.interventionId === id);
    let total = 0;
    for (const key of ['A', 'B'] as const) {
      const e = expected(key, null);
      const row = byId(groups[key]!.interventionId);
      // Catch Up also has the short back-to-back group, never recorded: its sessions count as planned.
      if (key === 'B') {
        expect(row).toMatchObject({
          planned: e.planned,
          delivered: e.delivered,
          cancelled: e.cancelled,
          groups: 1,
          pupils: 2,
          costPence: e.costPence,
          deliveredHours: Math.round((e.deliveredMinutes / 60) * 100) / 100,
        });
      } else {
        expect(row).toMatchObject({ delivered: e.delivered, cancelled: e.cancelled, groups: 2 });
      }
      total += e.costPence;
    }
    // The back-to-back group delivered nothing, so it adds only its resource cost.
    expect(map.totals.costPence).toBe(total + rates.A!.resource);
    expect(map.totals.budgetPence).toBe(1_200_000);
    expect(map.totals.shareOfBudget).toBe(Math.round((map.totals.costPence / 1_200_000) * 1000) / 1000);
    expect(map.byStaff.find((x: { userId: string }) => x.userId === users.ta)).toMatchObject({
      groups: 1,
      delivered: expected('B', null).delivered,
      belowFidelity: true,
    });
    // Read by wave: Catch Up Literacy and ELSA are catalogued one pupil at a time (wave 3), so all of it is wave 3;
    // no group intervention (wave 2) and nothing recorded in class (wave 1).
    expect(map.byWave.map((w: { wave: number; label: string }) => [w.wave, w.label])).toEqual([
      [1, 'Wave 1: quality-first teaching, adjustments in class'],
      [2, 'Wave 2: group interventions'],
      [3, 'Wave 3: individual and specialist support'],
    ]);
    expect(map.byWave[2]).toMatchObject({ costPence: map.totals.costPence, pupils: map.totals.pupils, deliveredHours: map.totals.deliveredHours });
    expect(map.byWave[2].groups).toBe(map.byIntervention.reduce((n: number, i: { groups: number }) => n + i.groups, 0));
    expect(map.byWave[1]).toMatchObject({ groups: 0, pupils: 0, costPence: null });
    expect(map.byWave[0]).toMatchObject({ pupils: 0, costPence: null, deliveredHours: null });
    const csv = await api.http().get(`${base}/provision-map?academicYear=${YEAR}&format=csv`).set(as('senco'));
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toMatch(/^Intervention,Area of need,Groups,Pupils,Sessions planned/);
  });

  it('a parent sees their own child’s provision map and nobody else’s; a teacher only the pupils they work with', async () => {
    expect(ok(await api.http().get(`${base}/pupils/${pupils.Ava}/provision-map?academicYear=${YEAR}`).set(as('parent')), 200).provisions).toHaveLength(3);
    expect((await api.http().get(`${base}/pupils/${pupils.Cal}/provision-map?academicYear=${YEAR}`).set(as('parent'))).status).toBe(404);
    // The teacher teaches no class, but runs Catch Up with Ava and Ben: Cal is not theirs.
    expect((await api.http().get(`${base}/pupils/${pupils.Cal}/provision-map?academicYear=${YEAR}`).set(as('teacher'))).status).toBe(404);
  });
});

describe('plans and the interventions they name', () => {
  it('provision linked to an intervention shows, in the evidence pack, the sessions the pupil was at', async () => {
    const plan = goodPlan(TERM.startsOn, {
      provisions: [{ ...goodPlan(TERM.startsOn).provisions[0], interventionId: groups.A!.interventionId, endsOn: TERM.endsOn }],
    });
    const unknown = await api
      .http()
      .post(`${base}/pupils/${pupils.Ava}/plan-cycles`)
      .set(as('senco'))
      .send({ ...plan, provisions: [{ ...plan.provisions[0], interventionId: '00000000-0000-4000-8000-000000000000' }] });
    expect(expectProblem(unknown, 400).errors).toEqual([
      { field: 'provisions.0.interventionId', message: expect.stringMatching(/not an intervention in this school/) },
    ]);
    const cycle = ok(await api.http().post(`${base}/pupils/${pupils.Ava}/plan-cycles`).set(as('senco')).send(plan), 201);
    ok(await api.http().post(`${base}/plan-cycles/${cycle.id}/agree`).set(as('senco')), 200);
    ok(await api.http().post(`${base}/plan-cycles/${cycle.id}/activate`).set(as('senco')), 200);
    const pack = ok(await api.http().get(`${base}/pupils/${pupils.Ava}/evidence-pack`).set(as('senco')), 200);
    const attendedA = recorded.A!.filter((r) => r.status === 'delivered' && r.present[pupils.Ava!]);
    expect(pack.cycles[0].provisions[0].delivered).toEqual({ sessions: attendedA.length, minutes: attendedA.reduce((n, r) => n + r.minutes, 0) });
  });
});

describe('refusals: clear errors, nothing changed', () => {
  it('a teacher recording for another teacher’s group is refused', async () => {
    const res = await api
      .http()
      .post(`${base}/intervention-groups/${groups.B!.id}/sessions/record`)
      .set(as('teacher'))
      .send({ sessions: [{ sessionId: recorded.B![0]!.sessionId, status: 'cancelled', cancelReason: 'other' }] });
    expect(expectProblem(res, 403).detail).toMatch(/group’s own staff/);
    expect((await api.http().get(`${base}/intervention-groups/${groups.B!.id}`).set(as('teacher'))).status).toBe(404);
  });

  it('recording a session twice is a conflict; a correction keeps the original', async () => {
    const first = recorded.A!.find((r) => r.status === 'delivered')!;
    const again = await api
      .http()
      .post(`${base}/intervention-groups/${groups.A!.id}/sessions/record`)
      .set(as('teacher'))
      .send({ sessions: [{ sessionId: first.sessionId, status: 'cancelled', cancelReason: 'other' }] });
    expect(expectProblem(again, 409).errors).toEqual([
      { field: 'sessions.0.sessionId', message: expect.stringMatching(/already recorded as delivered; send a correction/) },
    ]);
    const corrected = await api
      .http()
      .put(`${base}/intervention-sessions/${first.sessionId}`)
      .set(as('teacher'))
      .send({
        reason: 'Ben was in after all',
        status: 'delivered',
        actualMinutes: first.minutes,
        attendance: [
          { pupilId: pupils.Ava, present: true },
          { pupilId: pupils.Ben, present: true },
        ],
      });
    expect(corrected.status).toBe(200);
    const history = ok<{ reason: string; previous: { status: string; attendance: { pupilId: string; present: boolean }[] } }[]>(
      await api.http().get(`${base}/intervention-sessions/${first.sessionId}/corrections`).set(as('senco')),
      200,
    );
    expect(history).toEqual([
      expect.objectContaining({
        reason: 'Ben was in after all',
        previous: expect.objectContaining({
          status: 'delivered',
          attendance: expect.arrayContaining([expect.objectContaining({ pupilId: pupils.Ben, present: first.present[pupils.Ben!] })]),
        }),
      }),
    ]);
  });

  it('attendance for a pupil not in the group, or missing a pupil, names the field; nothing is recorded', async () => {
    // A session of the back-to-back group, still planned.
    const touchingGroup = ok<{ id: string; name: string }[]>(await api.http().get(`${base}/intervention-groups`).set(as('senco')), 200).find(
      (g) => g.name === 'Back to back',
    )!;
    const planned = ok<Session[]>(
      await api.http().get(`${base}/intervention-groups/${touchingGroup.id}/sessions?from=${TERM.startsOn}&to=${TERM.endsOn}`).set(as('senco')),
      200,
    )[0]!;
    const res = await api
      .http()
      .post(`${base}/intervention-groups/${touchingGroup.id}/sessions/record`)
      .set(as('senco'))
      .send({
        sessions: [{ sessionId: planned.id, status: 'delivered', attendance: [{ pupilId: pupils.Cal, present: true }] }],
      });
    expect(expectProblem(res, 400).errors).toEqual([
      { field: 'sessions.0.attendance.0.pupilId', message: expect.stringMatching(/not a pupil in this group/) },
      { field: 'sessions.0.attendance', message: expect.stringMatching(/record every pupil in the group that day \(1 missing\)/) },
    ]);
    const after = ok<Session[]>(
      await api.http().get(`${base}/intervention-groups/${touchingGroup.id}/sessions?from=${TERM.startsOn}&to=${TERM.endsOn}`).set(as('senco')),
      200,
    )[0]!;
    expect(after.status).toBe('planned');
  });

  it('a schedule that ends before it starts, a zero or over-long session, and a pupil of another school', async () => {
    const res = await api
      .http()
      .post(`${base}/intervention-groups`)
      .set(as('senco'))
      .send({
        interventionId: groups.A!.interventionId,
        name: 'Bad',
        startsOn: TERM.endsOn,
        endsOn: TERM.startsOn,
        staffUserIds: [users.senco],
        schedule: [
          { weekday: 1, startTime: '09:00', minutes: 0 },
          { weekday: 2, startTime: '09:00', minutes: 400 },
        ],
        pupils: [{ pupilId: pupils.foreign }],
      });
    const fields = (expectProblem(res, 400).errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['endsOn', 'schedule.0.minutes', 'schedule.1.minutes', 'pupils.0.pupilId']));
    const enrolForeign = await api.http().post(`${base}/intervention-groups/${groups.A!.id}/enrolments`).set(as('senco')).send({ pupilId: pupils.foreign });
    expect(expectProblem(enrolForeign, 400).errors).toEqual([{ field: 'pupilId', message: 'pupilId is not a pupil of this school' }]);
  });

  it('another school cannot see or touch any of it', async () => {
    for (const path of [
      `intervention-groups/${groups.A!.id}`,
      `intervention-groups/${groups.A!.id}/sessions`,
      `pupils/${pupils.Ava}/provision-map`,
      'provision-map',
      `calendar/${YEAR}`,
      'interventions',
    ]) {
      expect({ path, status: (await api.http().get(`${base}/${path}`).set(as('otherSenco'))).status }).toEqual({ path, status: 404 });
    }
    const theirs = `/v1/schools/${other.school.id}`;
    expect((await api.http().get(`${theirs}/intervention-groups/${groups.A!.id}`).set(as('otherSenco'))).status).toBe(404);
    expect(
      await api
        .http()
        .get(`${theirs}/intervention-groups`)
        .set(as('otherSenco'))
        .then((r) => r.body),
    ).toEqual([]);
  });
});

describe('the calendar and its feed', () => {
  const thisYear = academicYearOf(todayInLondon());
  let feedGroup: string;

  it('closing a day removes the planned sessions on it; recorded ones are kept', async () => {
    const closure = { kind: 'closure', name: 'Polling day', startsOn: nextWeekday(`${YEAR}-12-01`, 2), endsOn: nextWeekday(`${YEAR}-12-01`, 2) };
    const touchingBefore = ok<{ id: string; name: string }[]>(await api.http().get(`${base}/intervention-groups`).set(as('senco')), 200);
    expect(touchingBefore.length).toBeGreaterThan(0);
    const put = ok(
      await api
        .http()
        .put(`${base}/calendar/${YEAR}`)
        .set(as('senco'))
        .send({ terms: [TERM], closures: [HALF_TERM, INSET, closure] }),
      200,
    );
    // Catch Up's session that day was recorded already, so it stays; nothing planned remains on the day.
    const a = ok<Session[]>(
      await api.http().get(`${base}/intervention-groups/${groups.A!.id}/sessions?from=${closure.startsOn}&to=${closure.endsOn}`).set(as('senco')),
      200,
    );
    expect(a.every((x) => x.status !== 'planned')).toBe(true);
    expect(put.sessionsChanged).toBe(0);
    // A bad calendar is refused as a whole.
    const bad = await api
      .http()
      .put(`${base}/calendar/${YEAR}`)
      .set(as('senco'))
      .send({ terms: [TERM, { name: 'Overlap', startsOn: `${YEAR}-12-01`, endsOn: `${YEAR + 1}-01-10` }], closures: [] });
    expect((expectProblem(bad, 400).errors as { field: string }[])[0]!.field).toMatch(/^terms\.1\./);
    expect(ok(await api.http().get(`${base}/calendar/${YEAR}`).set(as('senco')), 200).closures).toHaveLength(3);
  });

  it('a member of staff subscribes to their sessions: the feed parses as iCalendar and names no pupil', async () => {
    const today = todayInLondon();
    ok(await api.http().put(`${base}/calendar/${thisYear}`).set(as('senco')).send(openYear(thisYear, today)), 200);
    const g = ok(
      await api
        .http()
        .post(`${base}/intervention-groups`)
        .set(as('senco'))
        .send({
          interventionId: groups.A!.interventionId,
          name: 'Catch Up, this term',
          startsOn: today,
          endsOn: addDays(today, 27),
          location: 'Room 4, the quiet room',
          staffUserIds: [users.ta],
          schedule: [
            { weekday: 1, startTime: '11:00', minutes: 25 },
            { weekday: 5, startTime: '14:00', minutes: 25 },
          ],
          pupils: [{ pupilId: pupils.Cal }],
        }),
      201,
    );
    feedGroup = g.id;
    const sessions = ok<Session[]>(
      await api
        .http()
        .get(`${base}/intervention-groups/${g.id}/sessions?from=${today}&to=${addDays(today, 27)}`)
        .set(as('ta')),
      200,
    );
    expect(sessions.length).toBeGreaterThan(0);
    const { url } = ok<{ url: string }>(await api.http().post(`${base}/calendar-feed`).set(as('ta')), 201);
    const path = new URL(url).pathname;
    const feed = await api.http().get(path);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(feed.text));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const mine = events.filter((e) => e.summary.endsWith('Catch Up, this term'));
    expect(mine.map((e) => e.uid).sort()).toEqual(sessions.map((x) => `${x.id}@sen-manager`).sort());
    expect(mine[0]!.location).toBe('Room 4, the quiet room');
    expect(mine.every((e) => e.endDate.toUnixTime() - e.startDate.toUnixTime() === 25 * 60)).toBe(true);
    // No pupil is named: every pupil here has the last name Pupil followed by digits.
    expect(feed.text).not.toMatch(/Pupil\d{4}/);
    // Only the TA's groups: ELSA of last year is outside the window, Catch Up is not theirs.
    expect(events.every((e) => e.summary.includes('this term') || e.summary.includes('ELSA'))).toBe(true);

    // A new link revokes the old one; an unknown link is 404.
    ok(await api.http().post(`${base}/calendar-feed`).set(as('ta')), 201);
    expect((await api.http().get(path)).status).toBe(404);
    expect((await api.http().get('/v1/calendar-feeds/not-a-token.ics')).status).toBe(404);
  });

  it('the group’s pupils are visible to the member of staff who runs it', async () => {
    const taught = ok<{ id: string }[]>(await api.http().get(`${base}/pupils/taught`).set(as('ta')), 200);
    expect(taught.map((p) => p.id)).toEqual([pupils.Cal]);
    expect(feedGroup).toBeDefined();
  });

  it('closing a day of a running group removes its planned session that day; reopening it brings it back', async () => {
    const today = todayInLondon();
    const to = addDays(today, 27);
    const sessions = async () =>
      ok<Session[]>(await api.http().get(`${base}/intervention-groups/${feedGroup}/sessions?from=${today}&to=${to}`).set(as('senco')), 200);
    const before = await sessions();
    const day = before.at(-1)!.date;
    const year = openYear(thisYear, today);
    const closed = ok(
      await api
        .http()
        .put(`${base}/calendar/${thisYear}`)
        .set(as('senco'))
        .send({ ...year, closures: [...year.closures, { kind: 'closure', name: 'Snow day', startsOn: day, endsOn: day }] }),
      200,
    );
    expect(closed.sessionsChanged).toBe(1);
    expect((await sessions()).map((x) => x.date)).toEqual(before.map((x) => x.date).filter((d) => d !== day));
    const reopened = ok(await api.http().put(`${base}/calendar/${thisYear}`).set(as('senco')).send(year), 200);
    expect(reopened.sessionsChanged).toBe(1);
    expect((await sessions()).map((x) => x.date)).toEqual(before.map((x) => x.date));
  });
});

describe('query parameters are typed and checked before the controller runs', () => {
  const fieldsOf = (body: Record<string, unknown>) => (body.errors as { field: string; message: string }[]).map((e) => e.field);

  it('a bad academic year, format, flag or date is a 400 naming the parameter, in a path or a query', async () => {
    for (const [path, field] of [
      [`/provision-map?academicYear=1999`, 'academicYear'],
      [`/provision-map?academicYear=26`, 'academicYear'],
      [`/provision-map?format=xlsx`, 'format'],
      [`/calendar/20x6`, 'academicYear'],
      [`/interventions?includeInactive=yes`, 'includeInactive'],
      [`/sessions/mine?from=2026-02-30`, 'from'],
    ] as const) {
      expect({ path, fields: fieldsOf(expectProblem(await api.http().get(`${base}${path}`).set(as('senco')), 400)) }).toEqual({ path, fields: [field] });
    }
    const problem = expectProblem(await api.http().get(`${base}/provision-map?academicYear=1999`).set(as('senco')), 400);
    expect(problem.errors).toEqual([{ field: 'academicYear', message: 'academicYear must be a year such as 2026 (for 2026/27)' }]);
  });

  it('a parameter the route does not take is refused, naming it, rather than silently ignored', async () => {
    expect(fieldsOf(expectProblem(await api.http().get(`${base}/interventions?inactive=true`).set(as('senco')), 400))).toEqual(['inactive']);
  });

  it('a flag is read as the boolean it spells: includeInactive=true lists a retired intervention, false does not', async () => {
    const made = ok<{ id: string }>(await api.http().post(`${base}/interventions`).set(as('senco')).send({ name: 'Retired reading programme' }), 201);
    ok(await api.http().patch(`${base}/interventions/${made.id}`).set(as('senco')).send({ active: false }), 200);
    const ids = async (query: string) => ok<{ id: string }[]>(await api.http().get(`${base}/interventions${query}`).set(as('senco')), 200).map((i) => i.id);
    expect({
      withInactive: (await ids('?includeInactive=true')).includes(made.id),
      without: (await ids('?includeInactive=false')).includes(made.id),
      byDefault: (await ids('')).includes(made.id),
    }).toEqual({ withInactive: true, without: false, byDefault: false });
  });
});

import type { DataSource } from 'typeorm';
import { AuditService } from '#libs/audit';
import { User } from '#libs/auth';
import { dateInZone, DomainError, addDays, academicYearOf, SystemClock } from '#libs/core';
import { TenantTransactions, schoolScope } from '#libs/database';
import {
  CalendarService,
  CatalogueService,
  GroupsService,
  InterventionGroup,
  InterventionSession,
  SessionsService,
  type ClosureInput,
  type TermInput,
} from '#libs/interventions';
import { Pupil } from '#libs/register';

const onOrAfter = (date: string, weekday: number) => {
  let d = date;
  while (new Date(`${d}T00:00:00Z`).getUTCDay() !== weekday) d = addDays(d, 1);
  return d;
};

/** A typical English school year: three terms, three half terms, five INSET days. */
export function typicalYear(year: number): { terms: TermInput[]; closures: ClosureInput[] } {
  const autumn = onOrAfter(`${year}-09-01`, 3);
  const spring = onOrAfter(`${year + 1}-01-05`, 1);
  const summer = onOrAfter(`${year + 1}-04-13`, 1);
  const week = (monday: string, name: string): ClosureInput => ({ kind: 'half_term', name, startsOn: monday, endsOn: addDays(monday, 4) });
  return {
    terms: [
      { name: 'Autumn', startsOn: autumn, endsOn: addDays(onOrAfter(`${year}-12-15`, 1), 4) },
      { name: 'Spring', startsOn: spring, endsOn: addDays(onOrAfter(`${year + 1}-03-23`, 1), 4) },
      { name: 'Summer', startsOn: summer, endsOn: addDays(onOrAfter(`${year + 1}-07-16`, 1), 2) },
    ],
    closures: [
      week(onOrAfter(`${year}-10-24`, 1), 'Autumn half term'),
      week(onOrAfter(`${year + 1}-02-14`, 1), 'Spring half term'),
      week(onOrAfter(`${year + 1}-05-25`, 1), 'Summer half term'),
      { kind: 'inset', name: 'INSET day', startsOn: autumn, endsOn: autumn },
      { kind: 'inset', name: 'INSET day', startsOn: spring, endsOn: spring },
    ],
  };
}

/**
 * The demo school's interventions: the common-programme catalogue with costs, this year's calendar, and a
 * Catch Up group run by the demo teacher for Isla and Hal, its past sessions recorded (one cancelled, one
 * absence). Does nothing if the school already has groups.
 */
export async function seedDemoInterventions(dataSource: DataSource, schoolId: string, now = new SystemClock().now()): Promise<number> {
  const tx = new TenantTransactions(dataSource);
  const scope = schoolScope(schoolId);
  const audit = new AuditService(tx);
  const catalogue = new CatalogueService(tx, audit);
  const calendar = new CalendarService(tx, audit);
  const groups = new GroupsService(tx, calendar, audit);
  const sessions = new SessionsService(tx, audit, new SystemClock());
  const today = dateInZone(now, 'Europe/London');
  const year = academicYearOf(today);
  return tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
    if (await m.existsBy(InterventionGroup, { schoolId })) return 0;
    const seeded = await catalogue.seed(scope);
    const catchUp = seeded.find((i) => i.name === 'Catch Up Literacy');
    if (catchUp) await catalogue.update(scope, catchUp.id, { staffCostPerHourPence: 1450, resourceCostPence: 12000 });
    const { terms, closures } = typicalYear(year);
    await calendar.replaceYear(scope, year, terms, closures);
    const teacher = await m.findOneBy(User, { email: 'teacher@demo.sen-manager.local' });
    const pupils = new Map((await m.find(Pupil, { where: { schoolId } })).map((p) => [p.legalFirstName, p.id]));
    if (!catchUp || !teacher || !pupils.get('Isla') || !pupils.get('Hal')) return 0;
    let group: InterventionGroup;
    try {
      group = await groups.create(scope, {
        interventionId: catchUp.id,
        name: 'Catch Up Literacy, Years 3–4',
        startsOn: addDays(today, -42),
        endsOn: addDays(today, 42),
        location: 'Library',
        staffUserIds: [teacher.id],
        schedule: [
          { weekday: 2, startTime: '09:00', minutes: 15 },
          { weekday: 4, startTime: '09:00', minutes: 15 },
        ],
        pupils: [
          { pupilId: pupils.get('Isla')!, startsOn: null, measureName: 'Reading age (months)', entryValue: 88, entryOn: addDays(today, -42) },
          { pupilId: pupils.get('Hal')!, startsOn: null, measureName: 'Reading age (months)', entryValue: 80, entryOn: addDays(today, -42) },
        ],
      });
    } catch (err) {
      // In the holidays the next weeks may have no school day: the demo then has a catalogue and calendar only.
      if (err instanceof DomainError && err.slug === 'no-school-days') return 0;
      throw err;
    }
    const past = await m
      .createQueryBuilder(InterventionSession, 's')
      .where('s.school_id = :schoolId and s.group_id = :groupId and s.date < :today', { schoolId, groupId: group.id, today })
      .orderBy('s.date')
      .getMany();
    if (past.length > 0) {
      await sessions.record(
        scope,
        { userId: teacher.id, keepsRegister: true },
        group.id,
        past.map((s, i) =>
          i === 2
            ? { sessionId: s.id, status: 'cancelled' as const, cancelReason: 'staff_absence' as const, actualMinutes: null, note: null, attendance: [] }
            : {
                sessionId: s.id,
                status: 'delivered' as const,
                cancelReason: null,
                actualMinutes: 15,
                note: null,
                attendance: [
                  { pupilId: pupils.get('Isla')!, present: true, absenceReason: null, progressScore: 3, observation: null },
                  {
                    pupilId: pupils.get('Hal')!,
                    present: i !== 4,
                    absenceReason: i !== 4 ? null : ('absent_from_school' as const),
                    progressScore: null,
                    observation: null,
                  },
                ],
              },
        ),
        today,
      );
    }
    return 1;
  });
}

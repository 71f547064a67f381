import type { DataSource } from 'typeorm';
import { AuditService } from '#libs/audit';
import { User } from '#libs/auth';
import { addDays, cohortYearOf, dateInZone, SystemClock } from '#libs/core';
import { TenantTransactions, schoolScope } from '#libs/database';
import { OutboxService } from '#libs/outbox';
import {
  Contact,
  Pupil,
  PupilContact,
  SenStatusService,
  StaffClass,
  upnCheckLetter,
  yearGroupToNumber,
  type NeedCode,
  type SenStatus,
  type YearGroup,
} from '#libs/register';

/** Fictional pupils: [first, last, year, class, status, primary need, secondary need, days since placed]. */
const PUPILS: [string, string, YearGroup, string, SenStatus | null, NeedCode | null, NeedCode | null, number][] = [
  ['Ava', 'Example', 'R', 'RB', 'K', 'SLCN', null, 60],
  ['Ben', 'Sample', 'R', 'RB', null, null, null, 0],
  ['Cara', 'Demo', '1', '1A', 'monitoring', 'SPLD', null, 20],
  ['Dev', 'Testing', '1', '1A', null, null, null, 0],
  ['Ella', 'Fictional', '2', '2A', 'K', 'SEMH', 'SLCN', 200],
  ['Finn', 'Madeup', '2', '2A', null, null, null, 0],
  ['Gia', 'Pretend', '3', '3B', 'E', 'ASD', 'SLCN', 400],
  ['Hal', 'Invented', '3', '3B', 'K', 'MLD', null, 90],
  ['Isla', 'Notreal', '4', '4B', 'K', 'SPLD', null, 120],
  ['Jay', 'Placeholder', '4', '4B', null, null, null, 0],
  ['Kit', 'Specimen', '5', '5C', 'K', 'SEMH', null, 30],
  ['Lola', 'Mockup', '5', '5C', 'K', 'PD', null, 300],
  ['Max', 'Dummy', '6', '6D', 'E', 'SLD', 'PD', 700],
  ['Nia', 'Trial', '6', '6D', null, null, null, 0],
];

/**
 * A small register for the demo school, written through the same service as the product's own changes
 * (so pupils entering SEN Support have their notice events). The demo teacher teaches 4B; the demo parent
 * is Isla's mother. Does nothing if the school already has pupils.
 */
export async function seedDemoRegister(dataSource: DataSource, schoolId: string, now = new SystemClock().now()): Promise<number> {
  const tx = new TenantTransactions(dataSource);
  const status = new SenStatusService(tx, new OutboxService(tx), new AuditService(tx));
  const scope = schoolScope(schoolId);
  const today = dateInZone(now, 'Europe/London');
  const a = cohortYearOf(today);
  const daysAgo = (n: number) => addDays(today, -n);
  return tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
    if (await m.existsBy(Pupil, { schoolId })) return 0;
    const users = new Map((await m.find(User)).map((u) => [u.email, u.id]));
    let serial = 0;
    for (const [first, last, year, className, senStatus, primary, secondary, placedDaysAgo] of PUPILS) {
      const body = `801999926${String(++serial).padStart(3, '0')}`;
      const pupil = m.create(Pupil, {
        schoolId,
        upn: `${upnCheckLetter(body)}${body}`,
        legalFirstName: first,
        legalLastName: last,
        dateOfBirth: `${a - 4 - yearGroupToNumber(year)}-0${1 + (serial % 8)}-1${serial % 9}`,
        yearGroup: yearGroupToNumber(year),
        className,
        gender: serial % 2 ? 'F' : 'M',
        fsmEligible: serial % 3 === 0,
        eal: serial % 5 === 0,
        lookedAfter: false,
        admissionDate: null,
        leavingDate: null,
        passport: senStatus === 'K' || senStatus === 'E' ? 'Check understanding after each instruction; offer a quiet space when overwhelmed.' : null,
      });
      await m.insert(Pupil, pupil);
      if (senStatus) {
        const change = {
          status: senStatus,
          startDate: daysAgo(placedDaysAgo),
          primaryNeed: primary,
          secondaryNeed: secondary,
          ehcPlanDate: senStatus === 'E' ? daysAgo(placedDaysAgo + 7) : null,
          reason: 'Demo data',
        };
        await status.appendMany(scope, [{ pupilId: pupil.id, current: null, change }]);
      }
      const parentEmail = first === 'Isla' ? 'parent@demo.sen-manager.local' : `${first.toLowerCase()}.parent@example.test`;
      const contact = m.create(Contact, {
        schoolId,
        firstName: 'Parent of',
        lastName: first,
        email: parentEmail,
        phone: null,
        preferredChannel: 'email',
        userId: users.get(parentEmail) ?? null,
      });
      await m.insert(Contact, contact);
      await m.insert(PupilContact, { schoolId, pupilId: pupil.id, contactId: contact.id, relationship: 'mother', parentalResponsibility: true, priority: 1 });
    }
    const teacher = users.get('teacher@demo.sen-manager.local');
    if (teacher) await m.insert(StaffClass, { schoolId, userId: teacher, className: '4B' });
    return PUPILS.length;
  });
}

import { Injectable } from '@nestjs/common';
import { TenantTransactions, schoolScope } from '#libs/database';
import { CalendarService, academicYearBounds, academicYearOf, isOpenDay } from '#libs/interventions';
import { EVENT_TYPES, OutboxService, type NewEvent } from '#libs/outbox';
import { TenancyService } from '#libs/tenancy';

const DEFAULT_LEADS = [14, 3];
const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/**
 * Active plans of pupils still on the register whose review date is on or before today plus the longest
 * lead time ($1 school, $2 today, $3 days): an index range scan of idx_plan_cycles_school_review, so the
 * scan reads only due rows (the benchmark shows the plan: docs/performance.md).
 */
export const DUE_REVIEWS_SQL = `select c.id, c.pupil_id, c.review_date::text as review_date
   from plan_cycles c
   join sen_status_entries e on e.school_id = c.school_id and e.pupil_id = c.pupil_id and e.end_date is null and e.status in ('K', 'E')
  where c.school_id = $1 and c.status = 'active' and c.review_date is not null and c.review_date <= $2::date + $3::int`;

export interface ScanResult {
  skipped: 'closed' | null;
  due: number;
  overdue: number;
}

/**
 * The daily review scan for one school: reminders before each active plan's review date (at the school's lead
 * times, 14 and 3 days by default) and repeated overdue notices to the SENCO, then to the head. It writes a
 * reminder row under a unique key before each event, so running it twice on a day, or retrying it, raises
 * nothing twice. On a day the school is closed it does nothing: a reminder due then goes on the next open day.
 */
@Injectable()
export class ReviewScanService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly calendar: CalendarService,
    private readonly outbox: OutboxService,
    private readonly tenancy: TenancyService,
  ) {}

  /** Every school, for the daily fan-out (ids only). */
  async schools(): Promise<{ id: string; timezone: string }[]> {
    return this.tx.run({ schoolIds: [], platformAdmin: true }, async (m) => (await m.query(`select id, timezone from schools order by id`)) as { id: string; timezone: string }[]);
  }

  async scanSchool(schoolId: string, today: string): Promise<ScanResult> {
    const scope = schoolScope(schoolId);
    return this.tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
      if (!(await this.isSchoolDay(scope, today))) return { skipped: 'closed', due: 0, overdue: 0 };
      const school = await this.tenancy.getSchool(scope);
      const leads = [...(school.reminderLeadDays?.length ? school.reminderLeadDays : DEFAULT_LEADS)].sort((a, b) => a - b);
      const cycles = (await m.query(DUE_REVIEWS_SQL, [schoolId, today, leads.at(-1)!])) as { id: string; pupil_id: string; review_date: string }[];
      const events: NewEvent[] = [];
      let due = 0;
      let overdue = 0;
      for (const c of cycles) {
        const days = daysBetween(today, c.review_date);
        if (days >= 0) {
          const applicable = leads.filter((l) => days <= l);
          if (applicable.length === 0) continue;
          // Record every lead time now reached, but remind once: for the nearest.
          const inserted = await this.raise(m, schoolId, c.id, 'due', c.review_date, applicable, today);
          if (inserted.includes(applicable[0]!)) {
            events.push({ type: EVENT_TYPES.reviewDue, subjectType: 'pupil', subjectId: c.pupil_id, payload: { cycleId: c.id, reviewDate: c.review_date, daysBefore: days } });
            due += 1;
          }
        } else {
          const late = -days;
          const step = Math.floor((late - 1) / school.overdueRepeatDays);
          if ((await this.raise(m, schoolId, c.id, 'overdue', c.review_date, [step], today)).length > 0) {
            events.push({
              type: EVENT_TYPES.reviewOverdue,
              subjectType: 'pupil',
              subjectId: c.pupil_id,
              payload: { cycleId: c.id, reviewDate: c.review_date, daysOverdue: late, escalated: late >= school.overdueHeadAfterDays },
            });
            overdue += 1;
          }
        }
      }
      await this.outbox.recordMany(scope, events);
      return { skipped: null, due, overdue };
    });
  }

  /** Inserts reminder rows; returns the steps that were new. */
  private async raise(m: import('typeorm').EntityManager, schoolId: string, cycleId: string, kind: 'due' | 'overdue', reviewDate: string, steps: number[], today: string): Promise<number[]> {
    const rows = (await m.query(
      `insert into review_reminders (school_id, cycle_id, kind, review_date, step, raised_on)
       select $1, $2, $3, $4::date, s, $6::date from unnest($5::int[]) as s
       on conflict (cycle_id, kind, review_date, step) do nothing returning step`,
      [schoolId, cycleId, kind, reviewDate, steps, today],
    )) as { step: number }[];
    return rows.map((r) => r.step);
  }

  /** A school day: open in the school's calendar, or a weekday when the school has not entered its calendar. */
  private async isSchoolDay(scope: ReturnType<typeof schoolScope>, today: string): Promise<boolean> {
    const { startsOn, endsOn } = academicYearBounds(academicYearOf(today));
    const cal = await this.calendar.between(scope, startsOn, endsOn);
    if (cal.terms.length === 0) {
      const day = new Date(`${today}T00:00:00Z`).getUTCDay();
      return day !== 0 && day !== 6;
    }
    return isOpenDay(today, cal);
  }
}

import { Injectable } from '@nestjs/common';
import { academicYearBounds, academicYearOf, daysBetween } from '#libs/core';
import { TenantTransactions, schoolScope } from '#libs/database';
import { CalendarService, isOpenDay } from '#libs/interventions';
import { EVENT_TYPES, OutboxService, type NewEvent } from '#libs/outbox';
import { TenancyService } from '#libs/tenancy';

const DEFAULT_LEADS = [14, 3];

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
    return this.tx.run(
      { schoolIds: [], platformAdmin: true },
      async (m) => await m.query<{ id: string; timezone: string }[]>(`select id, timezone from schools order by id`),
    );
  }

  async scanSchool(schoolId: string, today: string): Promise<ScanResult> {
    const scope = schoolScope(schoolId);
    return this.tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
      if (!(await this.isSchoolDay(scope, today))) return { skipped: 'closed', due: 0, overdue: 0 };
      const school = await this.tenancy.getSchool(scope);
      const leads = [...(school.reminderLeadDays?.length ? school.reminderLeadDays : DEFAULT_LEADS)].sort((a, b) => a - b);
      const cycles = await m.query<{ id: string; pupil_id: string; review_date: string }[]>(DUE_REVIEWS_SQL, [schoolId, today, leads.at(-1)!]);
      // Every reminder step reached, raised in one statement; an event only for the steps that were new.
      const steps: { cycleId: string; kind: 'due' | 'overdue'; reviewDate: string; step: number }[] = [];
      const candidates: { cycle: (typeof cycles)[number]; kind: 'due' | 'overdue'; step: number; days: number }[] = [];
      for (const c of cycles) {
        const days = daysBetween(today, c.review_date);
        if (days >= 0) {
          const applicable = leads.filter((l) => days <= l);
          if (applicable.length === 0) continue;
          // Record every lead time now reached, but remind once: for the nearest.
          for (const step of applicable) steps.push({ cycleId: c.id, kind: 'due', reviewDate: c.review_date, step });
          candidates.push({ cycle: c, kind: 'due', step: applicable[0]!, days });
        } else {
          const step = Math.floor((-days - 1) / school.overdueRepeatDays);
          steps.push({ cycleId: c.id, kind: 'overdue', reviewDate: c.review_date, step });
          candidates.push({ cycle: c, kind: 'overdue', step, days });
        }
      }
      const raised = await this.raise(m, schoolId, steps, today);
      const events: NewEvent[] = [];
      let due = 0;
      let overdue = 0;
      for (const { cycle: c, kind, step, days } of candidates) {
        if (!raised.has(`${c.id}|${kind}|${step}`)) continue;
        if (kind === 'due') {
          events.push({
            type: EVENT_TYPES.reviewDue,
            subjectType: 'pupil',
            subjectId: c.pupil_id,
            payload: { cycleId: c.id, reviewDate: c.review_date, daysBefore: days },
          });
          due += 1;
        } else {
          const late = -days;
          events.push({
            type: EVENT_TYPES.reviewOverdue,
            subjectType: 'pupil',
            subjectId: c.pupil_id,
            payload: { cycleId: c.id, reviewDate: c.review_date, daysOverdue: late, escalated: late >= school.overdueHeadAfterDays },
          });
          overdue += 1;
        }
      }
      await this.outbox.recordMany(scope, events);
      return { skipped: null, due, overdue };
    });
  }

  /** Inserts reminder rows, all in one statement; returns the keys (cycle|kind|step) that were new. */
  private async raise(
    m: import('typeorm').EntityManager,
    schoolId: string,
    steps: { cycleId: string; kind: string; reviewDate: string; step: number }[],
    today: string,
  ): Promise<Set<string>> {
    if (steps.length === 0) return new Set();
    const rows = await m.query<{ cycle_id: string; kind: string; step: number }[]>(
      `insert into review_reminders (school_id, cycle_id, kind, review_date, step, raised_on)
       select $1, t.cycle_id, t.kind, t.review_date, t.step, $6::date
         from unnest($2::uuid[], $3::text[], $4::date[], $5::int[]) as t(cycle_id, kind, review_date, step)
       on conflict (school_id, cycle_id, kind, review_date, step) do nothing returning cycle_id, kind, step`,
      [schoolId, steps.map((s) => s.cycleId), steps.map((s) => s.kind), steps.map((s) => s.reviewDate), steps.map((s) => s.step), today],
    );
    return new Set(rows.map((r) => `${r.cycle_id}|${r.kind}|${r.step}`));
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

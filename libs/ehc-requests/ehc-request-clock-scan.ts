import { Injectable } from '@nestjs/common';
import { TenantTransactions, schoolScope } from '#libs/database';
import { EVENT_TYPES, OutboxService } from '#libs/outbox';
import type { ClockView } from './ehc-clocks.js';
import type { ClockReminderKind } from './ehc-request-reminder.entity.js';
import { loadViews } from './ehc-request.query.js';

/** Days before a due date when the SENCO is first reminded (product policy: docs/domain.md, "EHC needs-assessment requests in the product"). */
export const CLOCK_LEAD_DAYS = 7;

/** Which reminder a clock calls for on a day: a week before, on the day, and once when it passed unmet. */
export function reminderFor(c: ClockView): ClockReminderKind | null {
  if (c.state === 'missed' && c.doneOn === null) return 'missed';
  if (c.state !== 'running' || c.daysLeft === null) return null;
  if (c.daysLeft === 0) return 'today';
  return c.daysLeft <= CLOCK_LEAD_DAYS ? 'soon' : null;
}

/**
 * The daily scan of one school's request clocks. Statutory weeks run through holidays, so it runs on every day
 * (unlike the review scan). A reminder row goes in under a unique key (request, clock, kind, due date) before
 * its event, so a rerun or retry sends nothing twice. A paused clock (a recorded exception) is not reminded.
 */
@Injectable()
export class EhcRequestClockScan {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly outbox: OutboxService,
  ) {}

  async scanSchool(schoolId: string, asOf: string): Promise<{ reminders: number }> {
    return this.tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
      const steps = (await loadViews(m, schoolId, asOf)).flatMap((v) =>
        v.clocks.flatMap((c) => {
          const kind = reminderFor(c);
          return kind && c.dueOn ? [{ requestId: v.request.id, pupilId: v.request.pupilId, clock: c.clock, kind, dueOn: c.dueOn, daysLeft: c.daysLeft }] : [];
        }),
      );
      if (steps.length === 0) return { reminders: 0 };
      const raised = await m.query<{ request_id: string; clock: string; kind: string }[]>(
        `insert into ehc_request_reminders (school_id, pupil_id, request_id, clock, kind, due_on, raised_on)
         select $1, t.pupil_id, t.request_id, t.clock, t.kind, t.due_on, $7::date
           from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::date[]) as t(pupil_id, request_id, clock, kind, due_on)
         on conflict (school_id, request_id, clock, kind, due_on) do nothing returning request_id, clock, kind`,
        [
          schoolId,
          steps.map((s) => s.pupilId),
          steps.map((s) => s.requestId),
          steps.map((s) => s.clock),
          steps.map((s) => s.kind),
          steps.map((s) => s.dueOn),
          asOf,
        ],
      );
      const isNew = new Set(raised.map((r) => `${r.request_id}|${r.clock}|${r.kind}`));
      const events = steps
        .filter((s) => isNew.has(`${s.requestId}|${s.clock}|${s.kind}`))
        .map((s) => ({
          type: EVENT_TYPES.ehcRequestClock,
          subjectType: 'pupil',
          subjectId: s.pupilId,
          payload: { requestId: s.requestId, clock: s.clock, kind: s.kind, dueOn: s.dueOn },
        }));
      await this.outbox.recordMany(schoolScope(schoolId), events);
      return { reminders: events.length };
    });
  }
}

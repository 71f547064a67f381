import { Injectable } from '@nestjs/common';
import { In, MoreThanOrEqual } from 'typeorm';
import { AuditService } from '#libs/audit';
import { Membership } from '#libs/auth';
import { DomainError, conflict, invalid, notFound, requestContext, type FieldError } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { Pupil } from '#libs/register';
import { CalendarService } from './calendar.service.js';
import { checkPeriod, checkSlots, plannedSessions, type Slot } from './domain/index.js';
import { GroupEnrolment } from './group-enrolment.entity.js';
import { GroupSlot } from './group-slot.entity.js';
import { GroupStaff } from './group-staff.entity.js';
import { InterventionGroup } from './intervention-group.entity.js';
import { InterventionSession } from './intervention-session.entity.js';
import { Intervention } from './intervention.entity.js';

export interface EnrolmentInput {
  pupilId: string;
  startsOn: string | null;
  measureName: string | null;
  entryValue: number | null;
  entryOn: string | null;
}

export interface GroupInput {
  interventionId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  location: string | null;
  staffUserIds: string[];
  schedule: Slot[];
  pupils: EnrolmentInput[];
}

export interface Planned {
  date: string;
  startTime: string;
  minutes: number;
}

const STAFF_ROLES = ['teacher', 'senco', 'head'];
const hhmm = (t: string) => t.slice(0, 5);
const keyOf = (s: { date: string; startTime: string }) => `${s.date}|${hhmm(s.startTime)}`;
const endOf = (start: string, minutes: number) => {
  const [h, m] = hhmm(start).split(':').map(Number) as [number, number];
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

/**
 * Intervention groups: staff, pupils and a weekly timetable, from which the sessions of each open school
 * day are planned. Nobody is booked twice: a pupil or a member of staff already in another session at the
 * same time is refused, naming that session.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
  ) {}

  async create(scope: SchoolScope, input: GroupInput): Promise<InterventionGroup> {
    const m = this.tx.manager();
    const errors: FieldError[] = [...checkPeriod(input.startsOn, input.endsOn), ...checkSlots(input.schedule)];
    const intervention = await m.findOneBy(Intervention, { id: input.interventionId, schoolId: scope.schoolId });
    if (!intervention) errors.push({ field: 'interventionId', message: 'interventionId is not an intervention in this school’s catalogue' });
    else if (!intervention.active)
      errors.push({ field: 'interventionId', message: 'this intervention is no longer offered; reactivate it in the catalogue first' });
    errors.push(...(await this.checkStaff(scope, input.staffUserIds)));
    const enrolments = input.pupils.map((p) => ({ ...p, startsOn: p.startsOn ?? input.startsOn }));
    errors.push(...(await this.checkPupils(scope, enrolments, input.startsOn, input.endsOn, 'pupils')));
    if (errors.length > 0) throw invalid(errors);

    const group = await m.save(
      m.create(InterventionGroup, {
        schoolId: scope.schoolId,
        interventionId: input.interventionId,
        name: input.name,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        location: input.location,
        createdBy: requestContext.get()?.userId ?? null,
      }),
    );
    await m.insert(
      GroupSlot,
      input.schedule.map((s) => ({ ...s, schoolId: scope.schoolId, groupId: group.id })),
    );
    if (input.staffUserIds.length > 0)
      await m.insert(
        GroupStaff,
        input.staffUserIds.map((userId) => ({ schoolId: scope.schoolId, groupId: group.id, userId })),
      );
    if (enrolments.length > 0)
      await m.insert(
        GroupEnrolment,
        enrolments.map((e) => ({ ...e, schoolId: scope.schoolId, groupId: group.id, endsOn: null, exitValue: null, exitOn: null })),
      );
    const { added } = await this.syncSessions(scope, group, input.startsOn);
    if (added === 0) {
      throw new DomainError(
        422,
        'no-school-days',
        'The timetable has no session on an open school day in this period: set the school calendar’s terms first, or check the dates and weekdays',
        [{ field: 'schedule', message: 'no session falls on an open school day between startsOn and endsOn' }],
      );
    }
    await this.audit.record(scope, {
      action: 'intervention_group.created',
      entityType: 'intervention_group',
      entityId: group.id,
      details: { sessions: added, pupils: enrolments.length },
    });
    return group;
  }

  async get(scope: SchoolScope, groupId: string): Promise<InterventionGroup> {
    const group = await this.tx.manager().findOneBy(InterventionGroup, { id: groupId, schoolId: scope.schoolId });
    if (!group) throw notFound('Intervention group');
    return group;
  }

  async lock(scope: SchoolScope, groupId: string): Promise<InterventionGroup> {
    const group = await this.tx
      .manager()
      .createQueryBuilder(InterventionGroup, 'g')
      .setLock('pessimistic_write')
      .where('g.id = :groupId and g.school_id = :schoolId', { groupId, schoolId: scope.schoolId })
      .getOne();
    if (!group) throw notFound('Intervention group');
    return group;
  }

  async update(
    scope: SchoolScope,
    groupId: string,
    patch: { name?: string; location?: string | null; endsOn?: string; staffUserIds?: string[] },
    today: string,
  ): Promise<InterventionGroup> {
    const m = this.tx.manager();
    const group = await this.lock(scope, groupId);
    const errors: FieldError[] = [];
    if (patch.endsOn !== undefined) errors.push(...checkPeriod(group.startsOn, patch.endsOn));
    if (patch.staffUserIds) errors.push(...(await this.checkStaff(scope, patch.staffUserIds)));
    if (errors.length > 0) throw invalid(errors);
    const { staffUserIds, ...columns } = patch;
    if (Object.keys(columns).length > 0) await m.update(InterventionGroup, { id: groupId, schoolId: scope.schoolId }, columns);
    if (staffUserIds) {
      await m.delete(GroupStaff, { schoolId: scope.schoolId, groupId });
      if (staffUserIds.length > 0)
        await m.insert(
          GroupStaff,
          staffUserIds.map((userId) => ({ schoolId: scope.schoolId, groupId, userId })),
        );
      // New staff must be free for the sessions still to come.
      const future = await m.find(InterventionSession, { where: { schoolId: scope.schoolId, groupId, date: MoreThanOrEqual(today), status: 'planned' } });
      await this.assertNoClash(scope, groupId, future);
    }
    const updated = await this.get(scope, groupId);
    if (patch.endsOn !== undefined) await this.syncSessions(scope, updated, today);
    await this.audit.record(scope, {
      action: 'intervention_group.updated',
      entityType: 'intervention_group',
      entityId: groupId,
      details: { fields: Object.keys(patch).sort().join(',') },
    });
    return updated;
  }

  /** Replaces the weekly timetable; sessions from today on follow it, recorded ones are kept. */
  async setSchedule(scope: SchoolScope, groupId: string, schedule: Slot[], today: string): Promise<{ added: number; removed: number }> {
    const errors = checkSlots(schedule);
    if (errors.length > 0) throw invalid(errors);
    const m = this.tx.manager();
    const group = await this.lock(scope, groupId);
    await m.delete(GroupSlot, { schoolId: scope.schoolId, groupId });
    await m.insert(
      GroupSlot,
      schedule.map((s) => ({ ...s, schoolId: scope.schoolId, groupId })),
    );
    const changed = await this.syncSessions(scope, group, today > group.startsOn ? today : group.startsOn);
    await this.audit.record(scope, {
      action: 'intervention_group.rescheduled',
      entityType: 'intervention_group',
      entityId: groupId,
      details: { slots: schedule.length, ...changed },
    });
    return changed;
  }

  async enrol(scope: SchoolScope, groupId: string, input: EnrolmentInput): Promise<GroupEnrolment> {
    const m = this.tx.manager();
    const group = await this.lock(scope, groupId);
    const enrolment = { ...input, startsOn: input.startsOn ?? group.startsOn };
    const errors = await this.checkPupils(scope, [enrolment], group.startsOn, group.endsOn, 'pupils');
    if (errors.length > 0) throw invalid(errors.map((e) => ({ field: e.field.replace(/^pupils\.0\./, ''), message: e.message.replace(/^pupils\.0\./, '') })));
    const sessions = await m.find(InterventionSession, {
      where: { schoolId: scope.schoolId, groupId, date: MoreThanOrEqual(enrolment.startsOn), status: 'planned' },
    });
    await this.assertNoClash(scope, groupId, sessions, [{ pupilId: enrolment.pupilId, startsOn: enrolment.startsOn, endsOn: null }]);
    try {
      const saved = await m.save(m.create(GroupEnrolment, { ...enrolment, schoolId: scope.schoolId, groupId, endsOn: null, exitValue: null, exitOn: null }));
      await this.audit.record(scope, {
        action: 'intervention_group.enrolled',
        entityType: 'intervention_group',
        entityId: groupId,
        details: { enrolmentId: saved.id },
      });
      return saved;
    } catch (err) {
      if ((err as { code?: string }).code === '23P01')
        throw conflict('The pupil is already in this group for these dates', [{ field: 'pupilId', message: 'pupilId is already enrolled in this group' }]);
      throw err;
    }
  }

  async updateEnrolment(
    scope: SchoolScope,
    groupId: string,
    enrolmentId: string,
    patch: Partial<Pick<GroupEnrolment, 'endsOn' | 'measureName' | 'entryValue' | 'entryOn' | 'exitValue' | 'exitOn'>>,
  ): Promise<GroupEnrolment> {
    const m = this.tx.manager();
    const enrolment = await m.findOneBy(GroupEnrolment, { id: enrolmentId, groupId, schoolId: scope.schoolId });
    if (!enrolment) throw notFound('Enrolment');
    const merged = { ...enrolment, ...patch };
    const errors: FieldError[] = [];
    if (merged.endsOn !== null && merged.endsOn < merged.startsOn)
      errors.push({ field: 'endsOn', message: `endsOn ${merged.endsOn} is before the pupil joined the group (${merged.startsOn})` });
    if (merged.exitOn !== null && merged.entryOn !== null && merged.exitOn < merged.entryOn)
      errors.push({ field: 'exitOn', message: 'exitOn is before the entry measure was taken' });
    if (errors.length > 0) throw invalid(errors);
    await m.update(GroupEnrolment, { id: enrolmentId, schoolId: scope.schoolId }, patch);
    await this.audit.record(scope, {
      action: 'intervention_group.enrolment_updated',
      entityType: 'intervention_group',
      entityId: groupId,
      details: { enrolmentId, fields: Object.keys(patch).sort().join(',') },
    });
    return (await m.findOneBy(GroupEnrolment, { id: enrolmentId, schoolId: scope.schoolId }))!;
  }

  /** After a calendar change: every group's planned sessions follow it. Returns how many were added or removed. */
  async followCalendar(scope: SchoolScope, groupIds: string[]): Promise<number> {
    if (groupIds.length === 0) return 0;
    let changed = 0;
    for (const group of await this.tx.manager().find(InterventionGroup, { where: { schoolId: scope.schoolId, id: In(groupIds) } })) {
      const { added, removed } = await this.syncSessions(scope, group, group.startsOn);
      changed += added + removed;
    }
    return changed;
  }

  /**
   * Brings a group's sessions from `from` on in line with its timetable and the calendar: planned sessions
   * that no longer fit are removed (recorded ones stay), missing ones are added after a clash check.
   * Returns how many were added and removed.
   */
  async syncSessions(scope: SchoolScope, group: InterventionGroup, from: string): Promise<{ added: number; removed: number }> {
    const m = this.tx.manager();
    const start = from > group.startsOn ? from : group.startsOn;
    if (start > group.endsOn) {
      const gone = await m.delete(InterventionSession, { schoolId: scope.schoolId, groupId: group.id, date: MoreThanOrEqual(start), status: 'planned' });
      return { added: 0, removed: gone.affected ?? 0 };
    }
    const slots = (await m.find(GroupSlot, { where: { schoolId: scope.schoolId, groupId: group.id } })).map((s) => ({
      weekday: s.weekday as Slot['weekday'],
      startTime: hhmm(s.startTime),
      minutes: s.minutes,
    }));
    const cal = await this.calendar.between(scope, start, group.endsOn);
    const desired = plannedSessions(start, group.endsOn, slots, cal);
    const existing = await m.find(InterventionSession, { where: { schoolId: scope.schoolId, groupId: group.id, date: MoreThanOrEqual(start) } });
    const wanted = new Set(desired.map(keyOf));
    const have = new Set(existing.map(keyOf));
    const stale = existing.filter((s) => s.status === 'planned' && !wanted.has(keyOf(s)));
    if (stale.length > 0) await m.delete(InterventionSession, { schoolId: scope.schoolId, id: In(stale.map((s) => s.id)) });
    const toAdd = desired.filter((d) => !have.has(keyOf(d)));
    if (toAdd.length > 0) {
      await this.assertNoClash(scope, group.id, toAdd);
      await m.insert(
        InterventionSession,
        toAdd.map((d) => ({ ...d, schoolId: scope.schoolId, groupId: group.id, status: 'planned' as const })),
      );
    }
    return { added: toAdd.length, removed: stale.length };
  }

  /**
   * Refuses sessions that would book one of the group's staff, or one of its pupils, into another group's
   * session at an overlapping time on the same day. `extraPupils` are enrolments not yet written.
   */
  async assertNoClash(
    scope: SchoolScope,
    groupId: string,
    sessions: Planned[],
    extraPupils: { pupilId: string; startsOn: string; endsOn: string | null }[] = [],
  ): Promise<void> {
    if (sessions.length === 0) return;
    const m = this.tx.manager();
    const params = [scope.schoolId, sessions.map((s) => s.date), sessions.map((s) => hhmm(s.startTime)), sessions.map((s) => s.minutes), groupId];
    const overlap = `from unnest($2::date[], $3::time[], $4::int[]) as c(date, start_time, minutes)
      join intervention_sessions s on s.school_id = $1 and s.date = c.date and s.group_id <> $5 and s.status <> 'cancelled'
       and s.start_time < c.start_time + make_interval(mins => c.minutes) and c.start_time < s.start_time + make_interval(mins => s.minutes)
      join intervention_groups g on g.school_id = s.school_id and g.id = s.group_id`;
    const staff = await m.query<ClashRow[]>(
      `select u.display_name as who, g.name as group_name, s.id as session_id, s.date::text as date, to_char(s.start_time, 'HH24:MI') as start_time, s.minutes
         ${overlap}
         join group_staff gs on gs.school_id = s.school_id and gs.group_id = s.group_id
         join group_staff mine on mine.school_id = $1 and mine.group_id = $5 and mine.user_id = gs.user_id
         join users u on u.id = gs.user_id
        order by s.date, s.start_time limit 1`,
      params,
    );
    if (staff[0]) throw clash('staffUserIds', staff[0]);
    const pupils = await m.query<ClashRow[]>(
      `with mine as (
         select pupil_id, starts_on, ends_on from group_enrolments where school_id = $1 and group_id = $5
         union all select * from unnest($6::uuid[], $7::date[], $8::date[])
       )
       select coalesce(p.preferred_first_name, p.legal_first_name) || ' ' || coalesce(p.preferred_last_name, p.legal_last_name) as who,
              g.name as group_name, s.id as session_id, s.date::text as date, to_char(s.start_time, 'HH24:MI') as start_time, s.minutes
         ${overlap}
         join mine e on e.starts_on <= c.date and (e.ends_on is null or e.ends_on >= c.date)
         join group_enrolments ge on ge.school_id = s.school_id and ge.group_id = s.group_id and ge.pupil_id = e.pupil_id
              and ge.starts_on <= s.date and (ge.ends_on is null or ge.ends_on >= s.date)
         join pupils p on p.school_id = $1 and p.id = e.pupil_id
        order by s.date, s.start_time limit 1`,
      [...params, extraPupils.map((p) => p.pupilId), extraPupils.map((p) => p.startsOn), extraPupils.map((p) => p.endsOn)],
    );
    if (pupils[0]) throw clash('pupils', pupils[0]);
  }

  private async checkStaff(scope: SchoolScope, userIds: string[]): Promise<FieldError[]> {
    if (userIds.length === 0) return [{ field: 'staffUserIds', message: 'name at least one member of staff who delivers the sessions' }];
    const members = await this.tx.manager().find(Membership, { where: { schoolId: scope.schoolId, userId: In(userIds), role: In(STAFF_ROLES) } });
    const known = new Set(members.map((x) => x.userId));
    return userIds.flatMap((id, i) =>
      known.has(id) ? [] : [{ field: `staffUserIds.${i}`, message: `staffUserIds.${i} is not a member of staff at this school` }],
    );
  }

  private async checkPupils(
    scope: SchoolScope,
    enrolments: (EnrolmentInput & { startsOn: string })[],
    groupStart: string,
    groupEnd: string,
    prefix: string,
  ): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    const ids = enrolments.map((e) => e.pupilId);
    const found = ids.length > 0 ? await this.tx.manager().find(Pupil, { where: { schoolId: scope.schoolId, id: In(ids) }, select: { id: true } }) : [];
    const known = new Set(found.map((p) => p.id));
    const seen = new Set<string>();
    enrolments.forEach((e, i) => {
      if (!known.has(e.pupilId)) errors.push({ field: `${prefix}.${i}.pupilId`, message: `${prefix}.${i}.pupilId is not a pupil of this school` });
      if (seen.has(e.pupilId)) errors.push({ field: `${prefix}.${i}.pupilId`, message: `${prefix}.${i}.pupilId is listed twice` });
      seen.add(e.pupilId);
      if (e.startsOn < groupStart || e.startsOn > groupEnd)
        errors.push({ field: `${prefix}.${i}.startsOn`, message: `${prefix}.${i}.startsOn must be within the group's dates (${groupStart} to ${groupEnd})` });
    });
    return errors;
  }
}

interface ClashRow {
  who: string;
  group_name: string;
  session_id: string;
  date: string;
  start_time: string;
  minutes: number;
}

function clash(field: string, row: ClashRow): DomainError {
  const when = `${row.date} ${row.start_time}–${endOf(row.start_time, row.minutes)}`;
  return new DomainError(
    409,
    'clash',
    `${row.who} is already booked in "${row.group_name}" on ${when}`,
    [{ field, message: `${row.who} is already booked in "${row.group_name}" on ${when}` }],
    {
      clash: { sessionId: row.session_id, groupName: row.group_name, date: row.date, startTime: row.start_time, minutes: row.minutes },
    },
  );
}

import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { User } from '#libs/auth';
import { notFound } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { Pupil } from '#libs/register';
import type { Slot } from './domain/index.js';
import { GroupEnrolment } from './group-enrolment.entity.js';
import { GroupSlot } from './group-slot.entity.js';
import { GroupStaff } from './group-staff.entity.js';
import { InterventionGroup } from './intervention-group.entity.js';
import { Intervention } from './intervention.entity.js';

export interface EnrolmentView {
  id: string;
  pupilId: string;
  firstName: string;
  lastName: string;
  startsOn: string;
  endsOn: string | null;
  measureName: string | null;
  entryValue: number | null;
  entryOn: string | null;
  exitValue: number | null;
  exitOn: string | null;
}

export interface GroupView {
  id: string;
  interventionId: string;
  interventionName: string;
  name: string;
  startsOn: string;
  endsOn: string;
  location: string | null;
  staff: { userId: string; name: string }[];
  schedule: Slot[];
  pupils: EnrolmentView[];
  plannedSessions: number;
}

/** Who is looking at groups: the register keepers see every group of the school; other staff the groups they run. */
export interface GroupViewer {
  userId: string;
  seesAll: boolean;
}

/** Groups as people read them: the programme, staff, timetable, pupils and how many sessions are planned. */
@Injectable()
export class GroupsQuery {
  constructor(private readonly tx: TenantTransactions) {}

  /** The groups this viewer may see: a member of staff's own groups, or every group of the school. */
  async list(school: SchoolScope, viewer: GroupViewer): Promise<InterventionGroup[]> {
    const m = this.tx.manager();
    const mine = viewer.seesAll ? null : (await m.find(GroupStaff, { where: { schoolId: school.schoolId, userId: viewer.userId } })).map((s) => s.groupId);
    if (mine && mine.length === 0) return [];
    return m.find(InterventionGroup, { where: { schoolId: school.schoolId, ...(mine ? { id: In(mine) } : {}) }, order: { startsOn: 'DESC', name: 'ASC' } });
  }

  /** A group as this viewer may see it: one a teacher does not run is, to them, not there (404, as for no group). */
  async visible(school: SchoolScope, viewer: GroupViewer, groupId: string): Promise<InterventionGroup> {
    const m = this.tx.manager();
    const group = await m.findOneBy(InterventionGroup, { id: groupId, schoolId: school.schoolId });
    if (!group || (!viewer.seesAll && !(await m.existsBy(GroupStaff, { schoolId: school.schoolId, groupId, userId: viewer.userId }))))
      throw notFound('Intervention group');
    return group;
  }

  async views(school: SchoolScope, groups: InterventionGroup[]): Promise<GroupView[]> {
    if (groups.length === 0) return [];
    const m = this.tx.manager();
    const ids = groups.map((g) => g.id);
    const [interventions, staff, slots, enrolments, counts] = [
      await m.find(Intervention, { where: { schoolId: school.schoolId, id: In([...new Set(groups.map((g) => g.interventionId))]) } }),
      await m.find(GroupStaff, { where: { schoolId: school.schoolId, groupId: In(ids) } }),
      await m.find(GroupSlot, { where: { schoolId: school.schoolId, groupId: In(ids) }, order: { weekday: 'ASC', startTime: 'ASC' } }),
      await m.find(GroupEnrolment, { where: { schoolId: school.schoolId, groupId: In(ids) }, order: { startsOn: 'ASC' } }),
      await m.query<{ group_id: string; n: number }[]>(
        `select group_id, count(*)::int as n from intervention_sessions where school_id = $1 and group_id = any($2::uuid[]) group by group_id`,
        [school.schoolId, ids],
      ),
    ];
    const users = staff.length
      ? await m.find(User, { where: { id: In([...new Set(staff.map((s) => s.userId))]) }, select: { id: true, displayName: true } })
      : [];
    const enrolmentViews = await this.enrolmentViews(school, enrolments);
    return groups.map((g) => ({
      id: g.id,
      interventionId: g.interventionId,
      interventionName: interventions.find((i) => i.id === g.interventionId)?.name ?? '',
      name: g.name,
      startsOn: g.startsOn,
      endsOn: g.endsOn,
      location: g.location,
      staff: staff.filter((s) => s.groupId === g.id).map((s) => ({ userId: s.userId, name: users.find((u) => u.id === s.userId)?.displayName ?? '' })),
      schedule: slots
        .filter((s) => s.groupId === g.id)
        .map((s) => ({ weekday: s.weekday as Slot['weekday'], startTime: s.startTime.slice(0, 5), minutes: s.minutes })),
      pupils: enrolmentViews.filter((_, i) => enrolments[i]!.groupId === g.id),
      plannedSessions: counts.find((c) => c.group_id === g.id)?.n ?? 0,
    }));
  }

  async enrolmentViews(school: SchoolScope, enrolments: GroupEnrolment[]): Promise<EnrolmentView[]> {
    if (enrolments.length === 0) return [];
    const pupils = await this.tx.manager().find(Pupil, { where: { schoolId: school.schoolId, id: In([...new Set(enrolments.map((e) => e.pupilId))]) } });
    return enrolments.map((e) => {
      const p = pupils.find((x) => x.id === e.pupilId);
      return {
        id: e.id,
        pupilId: e.pupilId,
        firstName: p ? (p.preferredFirstName ?? p.legalFirstName) : '',
        lastName: p ? (p.preferredLastName ?? p.legalLastName) : '',
        startsOn: e.startsOn,
        endsOn: e.endsOn,
        measureName: e.measureName,
        entryValue: e.entryValue,
        entryOn: e.entryOn,
        exitValue: e.exitValue,
        exitOn: e.exitOn,
      };
    });
  }
}

import type { EntityManager } from 'typeorm';
import type { SchoolScope } from '#libs/database';
import type { SchoolRole } from '#libs/vocabulary';
import type { StaffNow } from './staff-import-plan.js';

const STAFF: SchoolRole[] = ['senco', 'head', 'teacher'];

interface MemberRow {
  email: string;
  user_id: string;
  roles: SchoolRole[];
  class_names: string[];
}

/**
 * What the school holds today for the file's emails, in a few set-based queries: current staff with their
 * roles and classes, pending staff invitations with the classes waiting for them, leavers, and the classes
 * that have pupils (a class no pupil is in is a typing mistake until the pupil import says otherwise).
 */
export async function loadStaffNow(m: EntityManager, scope: SchoolScope, emails: string[], now: Date) {
  const members = await m.query<MemberRow[]>(
    `select u.email, u.id as user_id, array_agg(distinct ms.role) as roles,
            coalesce((select array_agg(sc.class_name) from staff_classes sc where sc.school_id = $1 and sc.user_id = u.id), '{}') as class_names
       from memberships ms join users u on u.id = ms.user_id
      where ms.school_id = $1 and ms.role = any($3::text[]) and u.email = any($2::text[])
      group by u.id, u.email`,
    [scope.schoolId, emails, STAFF],
  );
  const invitations = await m.query<{ id: string; email: string; role: SchoolRole; class_names: string[] }[]>(
    `select distinct on (i.email) i.id, i.email, i.role,
            coalesce((select array_agg(p.class_name) from pending_staff_classes p where p.school_id = $1 and p.email = i.email), '{}') as class_names
       from invitations i
      where i.school_id = $1 and i.email = any($2::text[]) and i.role = any($3::text[])
        and i.accepted_at is null and i.revoked_at is null and i.expires_at > $4
      order by i.email, i.created_at desc`,
    [scope.schoolId, emails, STAFF, now],
  );
  const leavers = await m.query<{ email: string }[]>(
    `select distinct u.email from staff_leavers l join users u on u.id = l.user_id where l.school_id = $1 and u.email = any($2::text[])`,
    [scope.schoolId, emails],
  );
  const classes = await m.query<{ class_name: string }[]>(`select distinct class_name from pupils where school_id = $1 and class_name is not null`, [
    scope.schoolId,
  ]);
  const memberBy = new Map(members.map((r) => [r.email, { userId: r.user_id, roles: r.roles, classNames: r.class_names }]));
  const invitationBy = new Map(invitations.map((r) => [r.email, { id: r.id, role: r.role, classNames: r.class_names }]));
  const left = new Set(leavers.map((r) => r.email));
  return {
    knownClasses: new Set(classes.map((c) => c.class_name)),
    byEmail: (email: string): StaffNow => ({ member: memberBy.get(email) ?? null, invitation: invitationBy.get(email) ?? null, left: left.has(email) }),
  };
}

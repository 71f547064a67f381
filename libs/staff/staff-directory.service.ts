import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { AuditService } from '#libs/audit';
import { InvitationService, Invitation, Membership, RefreshSession, mayInvite, type CreatedInvitation, type Role, type SchoolRole } from '#libs/auth';
import { Clock, conflict, forbidden, invalid, notFound, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { StaffClass } from '#libs/register';
import { StaffLeaver } from './staff-leaver.entity.js';
import { PendingStaffClass } from './import/pending-staff-class.entity.js';

export const STAFF_ROLES: readonly SchoolRole[] = ['senco', 'head', 'teacher'];
export type StaffStatus = 'invited' | 'active' | 'left';

export interface StaffMember {
  /** Null for someone invited who has not accepted yet. */
  userId: string | null;
  invitationId: string | null;
  displayName: string | null;
  email: string;
  roles: SchoolRole[];
  classNames: string[];
  groups: { id: string; name: string }[];
  lastSignInAt: Date | null;
  status: StaffStatus;
  leftAt: Date | null;
}

export interface StaffDirectory {
  staff: StaffMember[];
  /** Parents are counted only: the directory is for staff. */
  parentAccounts: number;
  /** Running groups whose every member of staff has left: the SENCO assigns someone new. */
  groupsNeedingStaff: { id: string; name: string }[];
}

interface ActiveRow {
  user_id: string;
  display_name: string;
  email: string;
  roles: SchoolRole[];
  class_names: string[];
  groups: { id: string; name: string }[];
  last_sign_in_at: Date | null;
}

/**
 * The staff directory: who works in the school, with which roles, classes and groups, and when they last
 * signed in (the newest session family's first token, so no write happens per request).
 */
@Injectable()
export class StaffDirectoryService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
    private readonly invitations: InvitationService,
    private readonly clock: Clock,
  ) {}

  async list(scope: SchoolScope, filter: { role?: SchoolRole; status?: StaffStatus } = {}): Promise<StaffDirectory> {
    const m = this.tx.manager();
    const active = await m.query<ActiveRow[]>(
      `select u.id as user_id, u.display_name, u.email,
              array_agg(distinct ms.role order by ms.role) as roles,
              coalesce((select array_agg(sc.class_name order by sc.class_name) from staff_classes sc where sc.school_id = $1 and sc.user_id = u.id), '{}') as class_names,
              coalesce((select json_agg(json_build_object('id', g.id, 'name', g.name) order by g.name) from group_staff gs join intervention_groups g on g.school_id = gs.school_id and g.id = gs.group_id
                         where gs.school_id = $1 and gs.user_id = u.id), '[]') as groups,
              (select max(first_at) from (select min(rs.created_at) as first_at from refresh_sessions rs where rs.user_id = u.id group by rs.family_id) f) as last_sign_in_at
         from memberships ms join users u on u.id = ms.user_id
        where ms.school_id = $1 and ms.role = any($2::text[])
        group by u.id order by u.display_name, u.email`,
      [scope.schoolId, STAFF_ROLES],
    );
    const memberEmails = new Set(active.map((r) => r.email));
    const pending = await m.find(Invitation, {
      where: { schoolId: scope.schoolId, role: In([...STAFF_ROLES]), acceptedAt: IsNull(), revokedAt: IsNull() },
      order: { createdAt: 'DESC' },
    });
    const leavers = await m.query<{ user_id: string; display_name: string; email: string; roles: SchoolRole[]; class_names: string[]; left_at: Date }[]>(
      `select distinct on (l.user_id) l.user_id, u.display_name, u.email, l.roles, l.class_names, l.left_at
         from staff_leavers l join users u on u.id = l.user_id
        where l.school_id = $1 and not exists (select 1 from memberships ms where ms.school_id = $1 and ms.user_id = l.user_id and ms.role = any($2::text[]))
        order by l.user_id, l.left_at desc`,
      [scope.schoolId, STAFF_ROLES],
    );
    // An invited member of staff's classes from a staff import, theirs once they accept.
    const waiting = new Map<string, string[]>();
    for (const c of await m.find(PendingStaffClass, { where: { schoolId: scope.schoolId }, order: { className: 'ASC' } }))
      waiting.set(c.email, [...(waiting.get(c.email) ?? []), c.className]);
    const now = this.clock.now();
    const staff: StaffMember[] = [
      ...active.map((r) => ({
        userId: r.user_id,
        invitationId: null,
        displayName: r.display_name,
        email: r.email,
        roles: r.roles,
        classNames: r.class_names,
        groups: r.groups,
        lastSignInAt: r.last_sign_in_at,
        status: 'active' as const,
        leftAt: null,
      })),
      ...pending
        .filter((i) => i.expiresAt > now && !memberEmails.has(i.email))
        .map((i) => ({
          userId: null,
          invitationId: i.id,
          displayName: null,
          email: i.email,
          roles: [i.role],
          classNames: waiting.get(i.email) ?? [],
          groups: [],
          lastSignInAt: null,
          status: 'invited' as const,
          leftAt: null,
        })),
      ...leavers.map((r) => ({
        userId: r.user_id,
        invitationId: null,
        displayName: r.display_name,
        email: r.email,
        roles: r.roles,
        classNames: r.class_names,
        groups: [],
        lastSignInAt: null,
        status: 'left' as const,
        leftAt: r.left_at,
      })),
    ];
    const [{ count } = { count: 0 }] = await m.query<{ count: number }[]>(
      `select count(distinct user_id)::int as count from memberships where school_id = $1 and role = 'parent'`,
      [scope.schoolId],
    );
    return {
      staff: staff.filter((s) => (!filter.role || s.roles.includes(filter.role)) && (!filter.status || s.status === filter.status)),
      parentAccounts: count,
      groupsNeedingStaff: await this.groupsNeedingStaff(scope),
    };
  }

  /**
   * Replaces a member of staff's roles. The caller must be allowed to invite every role added or removed
   * (MAY_INVITE), and may not change their own roles (a head cannot lock themselves out by accident).
   */
  async setRoles(scope: SchoolScope, callerRoles: readonly Role[], userId: string, roles: SchoolRole[]): Promise<SchoolRole[]> {
    const wanted = [...new Set(roles)].sort();
    if (wanted.length === 0) throw invalid([{ field: 'roles', message: 'give at least one role; to remove someone, mark them as a leaver' }]);
    if (userId === requestContext.get()?.userId) throw forbidden('You cannot change your own roles');
    const m = this.tx.manager();
    const current = await this.staffRoles(scope, userId);
    const added = wanted.filter((r) => !current.includes(r));
    const removed = current.filter((r) => !wanted.includes(r));
    for (const role of [...added, ...removed]) if (!mayInvite(callerRoles, role)) throw forbidden(`Your role may not give or take away the ${role} role`);
    if (removed.length > 0) await m.delete(Membership, { schoolId: scope.schoolId, userId, role: In(removed) });
    if (added.length > 0)
      await m.insert(
        Membership,
        added.map((role) => ({ schoolId: scope.schoolId, userId, role })),
      );
    await this.audit.record(scope, {
      action: 'staff.roles_changed',
      entityType: 'user',
      entityId: userId,
      details: { added: added.join(','), removed: removed.join(',') },
    });
    return wanted;
  }

  /**
   * Marks a leaver: their staff memberships and class assignments end (kept in staff_leavers), and if they
   * belong to no other school every session is revoked, so their next request is refused.
   */
  async markLeaver(scope: SchoolScope, userId: string): Promise<void> {
    if (userId === requestContext.get()?.userId) throw forbidden('You cannot mark yourself as a leaver');
    const m = this.tx.manager();
    const roles = await this.staffRoles(scope, userId);
    const classes = await m.find(StaffClass, { where: { schoolId: scope.schoolId, userId } });
    await m.insert(StaffLeaver, {
      schoolId: scope.schoolId,
      userId,
      roles,
      classNames: classes.map((c) => c.className).sort(),
      recordedBy: requestContext.get()?.userId ?? null,
    });
    await m.delete(Membership, { schoolId: scope.schoolId, userId, role: In([...STAFF_ROLES]) });
    await m.delete(StaffClass, { schoolId: scope.schoolId, userId });
    // Their own memberships elsewhere are not visible under this school's policies; the lookup function is.
    const [{ other } = { other: false }] = await m.query<{ other: boolean }[]>(
      `select exists (select 1 from app.principal($1, gen_random_uuid()) p where p.school_id is not null) as other`,
      [userId],
    );
    if (!other) await m.update(RefreshSession, { userId, revokedAt: IsNull() }, { revokedAt: this.clock.now(), revokedReason: 'left' });
    await this.audit.record(scope, {
      action: 'staff.left',
      entityType: 'user',
      entityId: userId,
      details: { roles: roles.join(','), sessionsRevoked: !other },
    });
  }

  /** A new invitation for the same email and role; the old one stops working. Emailed by InvitationService. */
  async resend(scope: SchoolScope, callerRoles: readonly Role[], invitationId: string): Promise<CreatedInvitation> {
    const m = this.tx.manager();
    const old = await m.findOneBy(Invitation, { id: invitationId, schoolId: scope.schoolId });
    if (!old || !STAFF_ROLES.includes(old.role)) throw notFound('Invitation');
    if (old.acceptedAt) throw conflict('This invitation has been accepted already');
    // Issued before the old one is revoked: while an invitation for the email is live, the classes a staff
    // import parked for it carry over to the new one (InvitationService.create drops them otherwise).
    const created = await this.invitations.create(scope, callerRoles, old.email, old.role);
    await m.update(Invitation, { id: old.id }, { revokedAt: this.clock.now() });
    await this.audit.record(scope, { action: 'invitation.resent', entityType: 'invitation', entityId: created.invitation.id, details: { replaces: old.id } });
    return created;
  }

  /**
   * Withdraws a staff invitation that has not been accepted: its token stops working and the classes a staff
   * import parked for that email are removed, so they cannot reach a later invitation for the same address.
   * Only someone who may issue the invitation may withdraw it (a SENCO cannot withdraw a head's).
   */
  async revoke(scope: SchoolScope, callerRoles: readonly Role[], invitationId: string): Promise<void> {
    const m = this.tx.manager();
    const invitation = await m.findOneBy(Invitation, { id: invitationId, schoolId: scope.schoolId });
    if (!invitation || !STAFF_ROLES.includes(invitation.role)) throw notFound('Invitation');
    if (!mayInvite(callerRoles, invitation.role)) throw forbidden(`Your role may not withdraw an invitation for a ${invitation.role}`);
    if (invitation.acceptedAt) throw conflict('This invitation has been accepted already; mark a leaver instead');
    if (!invitation.revokedAt) await m.update(Invitation, { id: invitation.id }, { revokedAt: this.clock.now() });
    const parked = await m.delete(PendingStaffClass, { schoolId: scope.schoolId, email: invitation.email });
    await this.audit.record(scope, {
      action: 'invitation.revoked',
      entityType: 'invitation',
      entityId: invitation.id,
      details: { role: invitation.role, parkedClassesRemoved: parked.affected ?? 0 },
    });
  }

  private async staffRoles(scope: SchoolScope, userId: string): Promise<SchoolRole[]> {
    const rows = await this.tx.manager().find(Membership, { where: { schoolId: scope.schoolId, userId, role: In([...STAFF_ROLES]) } });
    if (rows.length === 0) throw notFound('Member of staff');
    return rows.map((r) => r.role).sort();
  }

  private async groupsNeedingStaff(scope: SchoolScope): Promise<{ id: string; name: string }[]> {
    return this.tx.manager().query<{ id: string; name: string }[]>(
      `select g.id, g.name from intervention_groups g
        where g.school_id = $1 and g.ends_on >= current_date
          and exists (select 1 from group_staff gs where gs.group_id = g.id)
          and not exists (select 1 from group_staff gs join memberships ms on ms.user_id = gs.user_id and ms.school_id = g.school_id
                           where gs.group_id = g.id and ms.role = any($2::text[]))
        order by g.name`,
      [scope.schoolId, STAFF_ROLES],
    );
  }
}

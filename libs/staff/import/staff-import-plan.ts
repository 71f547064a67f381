import type { SchoolRole } from '#libs/vocabulary';
import type { RowError, StaffEntry } from './staff-rows.js';

export type StaffImportAction = 'invite' | 'update' | 'unchanged' | 'reject';

/** What the school holds today for one email. */
export interface StaffNow {
  /** A current member of staff: their user id, staff roles and classes. */
  member: { userId: string; roles: SchoolRole[]; classNames: string[] } | null;
  /** A pending (unaccepted, unrevoked, unexpired) staff invitation, with the classes the import gave it. */
  invitation: { id: string; role: SchoolRole; classNames: string[] } | null;
  /** They left the school and hold no staff role now. */
  left: boolean;
}

export interface StaffRowPlan {
  action: StaffImportAction;
  changes: string[];
  errors: RowError[];
  /** For update: a role to add to a member; an invitation to replace (its role changed). */
  addRole: SchoolRole | null;
  replaceInvitation: string | null;
  setClasses: boolean;
}

const list = (classes: string[]) => (classes.length ? [...classes].sort().join(', ') : 'none');
const same = (a: string[], b: string[]) => list(a) === list(b);

/** Decides one member of staff's row: pure, so the dry run and the commit agree by construction. */
export function planStaffRow(entry: StaffEntry, now: StaffNow, ctx: { knownClasses: Set<string>; mayImport: (role: SchoolRole) => boolean }): StaffRowPlan {
  const errors = [...entry.errors];
  const first = entry.rows[0]!;
  const role = entry.role;
  for (const c of entry.classNames) {
    if (!ctx.knownClasses.has(c))
      errors.push({ row: first, field: 'classes', message: `no pupil is in class ${c}; check the class name against the pupil import` });
  }
  if (role && !ctx.mayImport(role)) errors.push({ row: first, field: 'role', message: `your role may not add a ${role}; ask the head` });
  if (now.left && !now.member) {
    errors.push({ row: first, field: 'email', message: 'this person left the school; invite them again from the staff directory if they have returned' });
  }
  const base = { addRole: null, replaceInvitation: null, setClasses: false };
  if (errors.length > 0 || !role) return { ...base, action: 'reject', changes: [], errors };
  const changes: string[] = [];
  if (now.member) {
    const addRole = now.member.roles.includes(role) ? null : role;
    if (addRole) changes.push(`adds the role ${role}`);
    const setClasses = !same(now.member.classNames, entry.classNames);
    if (setClasses) changes.push(`classes: ${list(now.member.classNames)} → ${list(entry.classNames)}`);
    return { ...base, action: changes.length ? 'update' : 'unchanged', changes, errors, addRole, setClasses };
  }
  if (now.invitation) {
    const replaceInvitation = now.invitation.role === role ? null : now.invitation.id;
    if (replaceInvitation) changes.push(`invitation re-issued as ${role} (was ${now.invitation.role})`);
    const setClasses = !same(now.invitation.classNames, entry.classNames);
    if (setClasses) changes.push(`classes on accepting: ${list(now.invitation.classNames)} → ${list(entry.classNames)}`);
    return { ...base, action: changes.length ? 'update' : 'unchanged', changes, errors, replaceInvitation, setClasses };
  }
  changes.push(`invited as ${role}`, `classes on accepting: ${list(entry.classNames)}`);
  return { ...base, action: 'invite', changes, errors, setClasses: true };
}

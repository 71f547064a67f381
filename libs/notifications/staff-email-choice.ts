import type { EntityManager } from 'typeorm';
import type { SchoolScope } from '#libs/database';

/** A member of staff a message goes to. */
export interface StaffRecipient {
  id: string;
  display_name: string;
  email: string;
  /** Turned email off for reminders (staff_notification_settings): the inbox only. */
  inboxOnly?: boolean;
}

/**
 * Reminders (a review coming up or overdue) honour each member of staff's choice: those who turned email off get
 * them in the inbox only. The statutory EHC clocks do not come through here: they go by both channels.
 */
export async function withEmailChoice(m: EntityManager, scope: SchoolScope, users: StaffRecipient[]): Promise<StaffRecipient[]> {
  if (users.length === 0) return users;
  const off = await m.query<{ user_id: string }[]>(
    `select user_id from staff_notification_settings where school_id = $1 and user_id = any($2::uuid[]) and not email_reminders`,
    [scope.schoolId, users.map((u) => u.id)],
  );
  const inboxOnly = new Set(off.map((r) => r.user_id));
  return users.map((u) => (inboxOnly.has(u.id) ? { ...u, inboxOnly: true } : u));
}

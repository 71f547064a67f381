import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Clock, invalid, notFound } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { Contact } from '#libs/register';
import { InboxMessage } from './inbox-message.entity.js';
import { StaffNotificationSetting } from './staff-notification-setting.entity.js';

/** A person's in-app inbox at a school, and their choice of channels (a parent's, or a member of staff's). Always the caller's own. */
@Injectable()
export class InboxService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly clock: Clock,
  ) {}

  async list(scope: SchoolScope, userId: string, unreadOnly: boolean, limit: number): Promise<InboxMessage[]> {
    return this.tx.manager().find(InboxMessage, {
      where: { schoolId: scope.schoolId, userId, ...(unreadOnly ? { readAt: IsNull() } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  async unread(scope: SchoolScope, userId: string): Promise<number> {
    return this.tx.manager().countBy(InboxMessage, { schoolId: scope.schoolId, userId, readAt: IsNull() });
  }

  async markRead(scope: SchoolScope, userId: string, messageId: string): Promise<InboxMessage> {
    const m = this.tx.manager();
    const message = await m.findOneBy(InboxMessage, { id: messageId, schoolId: scope.schoolId, userId });
    if (!message) throw notFound('Message');
    if (!message.readAt) await m.update(InboxMessage, { id: messageId, schoolId: scope.schoolId, userId }, { readAt: this.clock.now() });
    return (await m.findOneBy(InboxMessage, { id: messageId, schoolId: scope.schoolId }))!;
  }

  /** The parent's channels for messages the law does not require; the formal SEN Support notice always goes. */
  async preferences(scope: SchoolScope, userId: string): Promise<{ email: boolean; inApp: boolean }> {
    const contacts = await this.tx.manager().find(Contact, { where: { schoolId: scope.schoolId, userId } });
    if (contacts.length === 0) throw notFound('Parent or carer record');
    return { email: contacts.every((c) => c.notifyEmail), inApp: contacts.every((c) => c.notifyInApp) };
  }

  async setPreferences(scope: SchoolScope, userId: string, prefs: { email?: boolean; inApp?: boolean }): Promise<{ email: boolean; inApp: boolean }> {
    await this.preferences(scope, userId);
    const changes = { ...(prefs.email !== undefined ? { notifyEmail: prefs.email } : {}), ...(prefs.inApp !== undefined ? { notifyInApp: prefs.inApp } : {}) };
    if (Object.keys(changes).length > 0) await this.tx.manager().update(Contact, { schoolId: scope.schoolId, userId }, changes);
    return this.preferences(scope, userId);
  }

  /**
   * A member of staff's channels (README.md, Notifications): reminders always reach the inbox; email for
   * them is their choice (on unless turned off). The statutory EHC clocks come by both whatever is chosen.
   */
  async staffPreferences(scope: SchoolScope, userId: string): Promise<{ email: boolean; inApp: boolean }> {
    const row = await this.tx.manager().findOneBy(StaffNotificationSetting, { schoolId: scope.schoolId, userId });
    return { email: row?.emailReminders ?? true, inApp: true };
  }

  async setStaffPreferences(scope: SchoolScope, userId: string, prefs: { email?: boolean; inApp?: boolean }): Promise<{ email: boolean; inApp: boolean }> {
    if (prefs.inApp === false) {
      throw invalid([{ field: 'inApp', message: 'staff reminders always reach the inbox in SEN Manager; email is the choice' }]);
    }
    if (prefs.email !== undefined) {
      await this.tx
        .manager()
        .upsert(StaffNotificationSetting, { schoolId: scope.schoolId, userId, emailReminders: prefs.email, updatedAt: this.clock.now() }, [
          'schoolId',
          'userId',
        ]);
    }
    return this.staffPreferences(scope, userId);
  }
}

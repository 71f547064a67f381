import { Inject, Injectable } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';
import { APP_CONFIG, Clock, notFound, unauthorized, type AppConfig } from '#libs/core';
import { AuditService } from '#libs/audit';
import { TenantTransactions, schoolScope } from '#libs/database';
import { OutboxService } from '#libs/outbox';
import { recordAccountEmail } from './account-emails/account-email.js';
import { userSchools } from './account-emails/user-schools.js';
import { assertPasswordAllowed } from './password-policy.js';
import type { Principal } from './principal.js';
import { RefreshSession } from './refresh-session.entity.js';
import { hashPassword, verifyPassword } from './secrets.js';
import { User } from './user.entity.js';

export interface DeviceSession {
  /** The session family: every token rotated from one sign-in. */
  id: string;
  device: string;
  signedInAt: Date;
  lastUsedAt: Date;
  current: boolean;
}

/** The signed-in user's own account: their password and their live sessions ("Your devices"). */
@Injectable()
export class AccountService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Live families only; a refresh writes a new row, so the newest row's created_at is when it was last used. */
  async sessions(principal: Principal): Promise<DeviceSession[]> {
    const rows = await this.tx.manager().query<{ id: string; device: string | null; signedInAt: Date; lastUsedAt: Date }[]>(
      `select family_id as id, (array_agg(device_label order by created_at desc))[1] as device,
              min(created_at) as "signedInAt", max(created_at) as "lastUsedAt"
         from refresh_sessions where user_id = $1
        group by family_id
       having bool_or(revoked_at is null and expires_at > $2)
        order by max(created_at) desc`,
      [principal.userId, this.clock.now()],
    );
    return rows.map((r) => ({ ...r, device: r.device ?? 'Unknown device', current: r.id === principal.sessionId }));
  }

  /** Another user's session id, or one already ended, looks the same as one that never existed. */
  async revokeSession(principal: Principal, familyId: string): Promise<void> {
    const result = await this.tx
      .manager()
      .update(RefreshSession, { userId: principal.userId, familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now(), revokedReason: 'revoked' });
    if (!result.affected) throw notFound('Session');
  }

  /**
   * Needs the current password, so a borrowed unlocked screen cannot take the account over. Every other
   * session ends; this one stays signed in. Audited in each school the user belongs to (the audit trail is
   * per school), in the same transaction as the change, and so is the notice to the account's address (someone
   * who learnt the password cannot change it unseen).
   */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
    const m = this.tx.manager();
    const user = await m.findOneBy(User, { id: principal.userId });
    if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) throw unauthorized('Current password is incorrect');
    const schoolIds = Object.keys(principal.schoolRoles).sort();
    // The school whose name the notice carries, as for every account email (the oldest membership that is still
    // one of this session's schools, so the widened transaction below may file it).
    const noticeSchool = (await userSchools(m, user.id)).find((id) => schoolIds.includes(id)) ?? schoolIds[0];
    // The request's transaction names no school (this route is outside one); for the school name and the audit
    // rows it is widened, for the rest of this transaction only, to the schools the user is a member of.
    await m.query(`select set_config('app.school_ids', $1, true)`, [`{${schoolIds.join(',')}}`]);
    const [school] = await m.query<{ name: string }[]>(`select name from schools where id = any($1) order by name limit 1`, [schoolIds]);
    assertPasswordAllowed(newPassword, { email: user.email, displayName: user.displayName, schoolName: school?.name }, 'newPassword');
    await m.update(User, { id: user.id }, { passwordHash: await hashPassword(newPassword) });
    await m.update(
      RefreshSession,
      { userId: user.id, familyId: Not(principal.sessionId), revokedAt: IsNull() },
      { revokedAt: this.clock.now(), revokedReason: 'password' },
    );
    for (const id of schoolIds) await this.audit.record(schoolScope(id), { action: 'password.changed', entityType: 'user', entityId: user.id, details: {} });
    await recordAccountEmail(this.outbox, this.config.dataEncryptionKey, noticeSchool ? schoolScope(noticeSchool) : null, {
      kind: 'password_changed',
      subjectType: 'user',
      subjectId: user.id,
      how: 'changed',
    });
  }
}

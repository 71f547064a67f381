import { Inject, Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { AuditService } from '#libs/audit';
import { APP_CONFIG, Clock, forbidden, invalid, requestContext, unauthorized, type AppConfig } from '#libs/core';
import { TenantTransactions, schoolScope } from '#libs/database';
import { OutboxService } from '#libs/outbox';
import type { Principal } from '../principal.js';
import { newOpaqueToken, normaliseEmail, sha256, verifyPassword } from '../secrets.js';
import { User } from '../user.entity.js';
import { recordAccountEmail } from './account-email.js';
import { AccountToken } from './account-token.entity.js';
import { userSchools } from './user-schools.js';

export const EMAIL_CHANGE_TTL_HOURS = 24;

const NO_SCHOOL = { schoolIds: [] as string[] };

/**
 * A parent changes the address they sign in with (docs/security.md, "Passwords and sessions"): the current
 * password is required, a link goes to the new address, and the address changes only when it is used (once,
 * within 24 hours); the old address is then told. Staff addresses are the school's to change (they match SSO
 * and invitations), so staff and platform admins are refused.
 */
@Injectable()
export class EmailChangeService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs in the signed-in request's transaction. An address already taken gets no link, and the same answer. */
  async request(principal: Principal, newEmail: string, currentPassword: string): Promise<void> {
    const roles = Object.values(principal.schoolRoles).flat();
    if (principal.isPlatformAdmin || roles.length === 0 || roles.some((r) => r !== 'parent')) {
      throw forbidden('Only parents change their own email address; staff ask their school');
    }
    const m = this.tx.manager();
    const user = await m.findOneBy(User, { id: principal.userId });
    if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) throw unauthorized('Current password is incorrect');
    const address = normaliseEmail(newEmail);
    if (address === user.email) throw invalid([{ field: 'newEmail', message: 'newEmail is already your email address' }]);
    const token = newOpaqueToken();
    const schools = await userSchools(m, user.id);
    if (await m.existsBy(User, { email: address })) return;
    const row = await m.save(
      m.create(AccountToken, {
        userId: user.id,
        purpose: 'email_change',
        tokenHash: sha256(token),
        newEmail: address,
        oldEmail: user.email,
        expiresAt: new Date(this.clock.now().getTime() + EMAIL_CHANGE_TTL_HOURS * 3_600_000),
        usedAt: null,
      }),
    );
    const scope = schoolScope(schools[0]!);
    await recordAccountEmail(this.outbox, this.config.dataEncryptionKey, scope, {
      kind: 'email_verification',
      subjectType: 'user',
      subjectId: user.id,
      tokenId: row.id,
      token,
    });
    for (const id of schools)
      await this.audit.record(schoolScope(id), { action: 'email.change_requested', entityType: 'user', entityId: user.id, details: {} });
  }

  /** The link from the new address: the address changes, every other pending change is spent, the old address is told. */
  async confirm(token: string): Promise<void> {
    const now = this.clock.now();
    await this.tx.run(NO_SCHOOL, async (m) => {
      const row = await m
        .createQueryBuilder(AccountToken, 't')
        .setLock('pessimistic_write')
        .where('t.token_hash = :hash and t.purpose = :purpose', { hash: sha256(token), purpose: 'email_change' })
        .getOne();
      const user = row && !row.usedAt && row.expiresAt > now ? await m.findOneBy(User, { id: row.userId }) : null;
      if (!row?.newEmail || !user || user.disabledAt) {
        throw invalid([{ field: 'token', message: 'token is not valid: it was used, has expired or was never issued; ask for a new link' }]);
      }
      if (await m.existsBy(User, { email: row.newEmail })) throw invalid([{ field: 'token', message: 'that email address now belongs to another account' }]);
      await m.update(User, { id: user.id }, { email: row.newEmail, emailVerifiedAt: now });
      await m.update(AccountToken, { userId: user.id, purpose: 'email_change', usedAt: IsNull() }, { usedAt: now });
      const schools = await userSchools(m, user.id);
      requestContext.assign({ userId: user.id });
      if (schools[0]) {
        await recordAccountEmail(this.outbox, this.config.dataEncryptionKey, schoolScope(schools[0]), {
          kind: 'email_changed',
          subjectType: 'user',
          subjectId: user.id,
          tokenId: row.id,
        });
      }
      for (const id of schools) await this.audit.record(schoolScope(id), { action: 'email.changed', entityType: 'user', entityId: user.id, details: {} });
    });
  }
}

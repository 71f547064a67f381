import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { IsNull, type EntityManager } from 'typeorm';
import { AuditService } from '#libs/audit';
import { APP_CONFIG, Clock, invalid, rateLimited, requestContext, type AppConfig } from '#libs/core';
import { TenantTransactions, schoolScope } from '#libs/database';
import { OutboxService } from '#libs/outbox';
import { REDIS } from '#libs/queue';
import { assertPasswordAllowed } from '../password-policy.js';
import { RefreshSession } from '../refresh-session.entity.js';
import { hashPassword, newOpaqueToken, normaliseEmail, sha256 } from '../secrets.js';
import { User } from '../user.entity.js';
import { WindowCounter } from '../window-counter.js';
import { recordAccountEmail } from './account-email.js';
import { AccountToken } from './account-token.entity.js';
import { userSchools } from './user-schools.js';

export const RESET_TTL_MINUTES = 30;
/** Requests per email address a minute: enough to ask again, too few to flood someone's inbox. */
export const RESET_REQUESTS_PER_EMAIL = 5;

const NO_SCHOOL = { schoolIds: [] as string[] };

/**
 * Forgotten passwords (docs/security.md, "Passwords and sessions"). A request answers the same whatever the
 * email: a token is drawn and hashed, and the account looked up, every time; only for an enabled account in a
 * school is the token stored and the email queued (in the same transaction). Completing it replaces the password
 * only: every session ends, and a second factor is still asked for at the next sign-in.
 */
@Injectable()
export class PasswordResetService {
  private readonly counter: WindowCounter;

  constructor(
    private readonly tx: TenantTransactions,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.counter = new WindowCounter(redis);
  }

  async request(email: string, clientAddress: string): Promise<void> {
    const address = normaliseEmail(email);
    const [perEmail, perAddress] = await this.counter.hit([`reset:email:${sha256(address)}`, `reset:address:${sha256(clientAddress)}`]);
    if (perEmail! > RESET_REQUESTS_PER_EMAIL || perAddress! > this.config.loginRateLimits.attemptsPerAddress) throw rateLimited(this.counter.retryAfter());
    const token = newOpaqueToken();
    const tokenHash = sha256(token);
    await this.tx.run(NO_SCHOOL, async (m) => {
      const user = await m.findOneBy(User, { email: address });
      const schools = user ? await userSchools(m, user.id) : [];
      // Disabled accounts get nothing, nor accounts with no role left anywhere (a leaver of every school). A
      // platform admin, or a trust lead whose trust has no school yet, belongs to none: their email is filed
      // under no school (1765176000000-platform-mail).
      if (!user || user.disabledAt) return;
      const noSchool = schools.length === 0;
      if (noSchool && !user.isPlatformAdmin && !(await leadsATrust(m, user.id))) return;
      const row = await m.save(
        m.create(AccountToken, {
          userId: user.id,
          purpose: 'password_reset',
          tokenHash,
          newEmail: null,
          oldEmail: null,
          expiresAt: new Date(this.clock.now().getTime() + RESET_TTL_MINUTES * 60_000),
          usedAt: null,
        }),
      );
      await recordAccountEmail(this.outbox, this.config.dataEncryptionKey, noSchool ? null : schoolScope(schools[0]!), {
        kind: 'password_reset',
        subjectType: 'user',
        subjectId: user.id,
        tokenId: row.id,
        token,
      });
    });
  }

  /** The token is checked before the password, and nothing is spent unless the new password is accepted. */
  async complete(token: string, newPassword: string): Promise<void> {
    const now = this.clock.now();
    await this.tx.run(NO_SCHOOL, async (m) => {
      const row = await m
        .createQueryBuilder(AccountToken, 't')
        .setLock('pessimistic_write')
        .where('t.token_hash = :hash and t.purpose = :purpose', { hash: sha256(token), purpose: 'password_reset' })
        .getOne();
      const user = row && !row.usedAt && row.expiresAt > now ? await m.findOneBy(User, { id: row.userId }) : null;
      if (!row || !user || user.disabledAt)
        throw invalid([{ field: 'token', message: 'token is not valid: it was used, has expired or was never issued; ask for a new link' }]);
      const schools = await userSchools(m, user.id);
      const [school] = await m.query<{ name: string }[]>(`select name from schools where id = $1`, [schools[0] ?? null]);
      assertPasswordAllowed(newPassword, { email: user.email, displayName: user.displayName, schoolName: school?.name }, 'newPassword');
      // The link proved the address is theirs.
      await m.update(User, { id: user.id }, { passwordHash: await hashPassword(newPassword), emailVerifiedAt: user.emailVerifiedAt ?? now });
      await m.update(AccountToken, { userId: user.id, purpose: 'password_reset', usedAt: IsNull() }, { usedAt: now });
      await m.update(RefreshSession, { userId: user.id, revokedAt: IsNull() }, { revokedAt: now, revokedReason: 'password' });
      requestContext.assign({ userId: user.id });
      for (const id of schools) await this.audit.record(schoolScope(id), { action: 'password.reset', entityType: 'user', entityId: user.id, details: {} });
      await recordAccountEmail(this.outbox, this.config.dataEncryptionKey, schools[0] ? schoolScope(schools[0]) : null, {
        kind: 'password_changed',
        subjectType: 'user',
        subjectId: user.id,
        how: 'reset',
      });
      if (user.isPlatformAdmin) {
        // The link proved the account is theirs, and it is a platform admin's: its reset goes in the admins' trail.
        await m.query(`select set_config('app.platform_admin', 'on', true)`);
        await this.audit.recordPlatform({ action: 'admin.password_reset', entityType: 'user', entityId: user.id });
      }
    });
  }
}

/** Whether the user leads a trust (app.user_id is set by userSchools, for trust_memberships' own-rows policy). */
async function leadsATrust(m: EntityManager, userId: string): Promise<boolean> {
  const [row] = await m.query<{ n: number }[]>(`select count(*)::int as n from trust_memberships where user_id = $1`, [userId]);
  return (row?.n ?? 0) > 0;
}

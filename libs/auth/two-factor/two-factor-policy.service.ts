import { Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { notFound, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { Membership } from '../membership.entity.js';
import { normaliseEmail } from '../secrets.js';
import { User } from '../user.entity.js';
import { TotpFactors } from './totp-factors.service.js';
import { TwoFactorPolicy } from './two-factor-policy.entity.js';
import { UserPasskey } from '../passkeys/user-passkey.entity.js';

/** Roles a school may require a second factor of (platform admins always need one). */
export const TWO_FACTOR_POLICY_ROLES = ['senco', 'head', 'trust_lead'] as const;
export type TwoFactorPolicyRole = (typeof TWO_FACTOR_POLICY_ROLES)[number];

const STAFF_ROLES = ['senco', 'head', 'teacher'];

/** The head's side of two-factor: which roles must use it, and resetting a colleague who lost theirs. */
@Injectable()
export class TwoFactorPolicies {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly totp: TotpFactors,
    private readonly audit: AuditService,
  ) {}

  async get(scope: SchoolScope): Promise<TwoFactorPolicyRole[]> {
    const row = await this.tx.manager().findOneBy(TwoFactorPolicy, { schoolId: scope.schoolId });
    return (row?.roles ?? []) as TwoFactorPolicyRole[];
  }

  async set(scope: SchoolScope, roles: TwoFactorPolicyRole[]): Promise<TwoFactorPolicyRole[]> {
    const unique = TWO_FACTOR_POLICY_ROLES.filter((r) => roles.includes(r));
    const updatedBy = requestContext.get()?.userId ?? null;
    await this.tx.manager().upsert(TwoFactorPolicy, { schoolId: scope.schoolId, roles: unique, updatedBy }, ['schoolId']);
    await this.audit.record(scope, {
      action: 'two_factor.policy_changed',
      entityType: 'school',
      entityId: scope.schoolId,
      details: { roles: unique.join(',') },
    });
    return unique;
  }

  /**
   * Removes a staff member's second factors (lost phone): the authenticator app and every passkey. They must set
   * one up again at their next sign-in if the policy requires it. Only for staff of this school; audited with
   * ids and a count only.
   */
  async reset(scope: SchoolScope, email: string): Promise<void> {
    const m = this.tx.manager();
    const user = await m.findOneBy(User, { email: normaliseEmail(email) });
    const staff = user
      ? await m
          .createQueryBuilder(Membership, 'ms')
          .where('ms.school_id = :schoolId and ms.user_id = :userId and ms.role in (:...roles)', {
            schoolId: scope.schoolId,
            userId: user.id,
            roles: STAFF_ROLES,
          })
          .getCount()
      : 0;
    if (!user || staff === 0) throw notFound('Staff member');
    await this.totp.remove(m, user.id);
    // A lost phone may hold a passkey too: it goes with the app, so the lost device signs in no more.
    const passkeys = (await m.delete(UserPasskey, { userId: user.id })).affected ?? 0;
    await this.audit.record(scope, { action: 'two_factor.reset', entityType: 'user', entityId: user.id, details: { passkeys } });
  }
}

import { Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { ledTrustSchools } from '#libs/tenancy';
import { TrustTwoFactorPolicy } from './trust-two-factor-policy.entity.js';
import { TWO_FACTOR_POLICY_ROLES, type TwoFactorPolicyRole } from './two-factor-policy.service.js';

/**
 * The trust lead's two-factor policy for every school of the trust. The effective policy of a school is the
 * union of its own and its trust's; sign-in computes it in app.two_factor_required (migration
 * 1765160000000-trust-sign-in.ts), so a head's own policy can add roles but never remove the trust's.
 */
@Injectable()
export class TrustTwoFactorPolicies {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
  ) {}

  async get(trustId: string): Promise<TwoFactorPolicyRole[]> {
    const m = this.tx.manager();
    await ledTrustSchools(m, trustId);
    const row = await m.findOneBy(TrustTwoFactorPolicy, { trustId });
    return (row?.roles ?? []) as TwoFactorPolicyRole[];
  }

  /** Audited in the trail of each of the trust's schools, since the change binds each of them. */
  async set(trustId: string, roles: TwoFactorPolicyRole[]): Promise<TwoFactorPolicyRole[]> {
    const m = this.tx.manager();
    const schools = await ledTrustSchools(m, trustId);
    const unique = TWO_FACTOR_POLICY_ROLES.filter((r) => roles.includes(r));
    const updatedBy = requestContext.get()?.userId ?? null;
    await m.upsert(TrustTwoFactorPolicy, { trustId, roles: unique, updatedBy }, ['trustId']);
    for (const school of schools) {
      await this.audit.record(school, {
        action: 'two_factor.trust_policy_changed',
        entityType: 'trust',
        entityId: trustId,
        details: { roles: unique.join(',') },
      });
    }
    return unique;
  }

  /** What the school's trust requires (none for a school outside a trust), read under the school's scope. */
  async forSchool(scope: SchoolScope): Promise<TwoFactorPolicyRole[]> {
    const rows = await this.tx
      .manager()
      .query<{ roles: string[] }[]>(`select p.roles from trust_two_factor_policies p join schools s on s.trust_id = p.trust_id where s.id = $1`, [
        scope.schoolId,
      ]);
    const roles = rows[0]?.roles ?? [];
    return TWO_FACTOR_POLICY_ROLES.filter((r) => roles.includes(r));
  }
}

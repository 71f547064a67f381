import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { sealSecret } from '#libs/auth';
import { APP_CONFIG, type AppConfig, invalid } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { ledTrustSchools } from '#libs/tenancy';
import type { SsoSettingsInput } from './sso-config.service.js';
import { TrustSsoConfig } from './trust-sso-config.entity.js';

/** The AAD of a trust's sealed client secret: it decrypts only for its own trust, never as a school's. */
export const trustClientSecretPurpose = (trustId: string) => `sso-trust-client-secret:${trustId}`;

/**
 * The trust lead's single sign-on provider for the schools of the trust (a school's own enabled provider wins;
 * app.sso_effective_provider decides). Write-only secret, as for a school's.
 */
@Injectable()
export class TrustSsoConfigService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(trustId: string): Promise<TrustSsoConfig | null> {
    const m = this.tx.manager();
    await ledTrustSchools(m, trustId);
    return m.findOneBy(TrustSsoConfig, { trustId });
  }

  /** Audited in the trail of each of the trust's schools, whose staff it signs in. */
  async save(trustId: string, actorUserId: string, input: SsoSettingsInput): Promise<TrustSsoConfig> {
    const m = this.tx.manager();
    const schools = await ledTrustSchools(m, trustId);
    const existing = await m.findOneBy(TrustSsoConfig, { trustId });
    if (this.config.nodeEnv === 'production' && !input.issuer.startsWith('https://')) {
      throw invalid([{ field: 'issuer', message: 'must be an https URL' }]);
    }
    if (!existing && !input.clientSecret) throw invalid([{ field: 'clientSecret', message: 'is required when SSO is first set up' }]);
    const domains = [...new Set(input.allowedDomains.map((d) => d.trim().toLowerCase()))].sort();
    const row = existing ?? m.create(TrustSsoConfig, { trustId });
    const changed: string[] = (['issuer', 'clientId', 'enabled'] as const).filter((k) => !existing || existing[k] !== input[k]);
    if (!existing || existing.allowedDomains.join(',') !== domains.join(',')) changed.push('allowedDomains');
    Object.assign(row, {
      issuer: input.issuer.replace(/\/$/, ''),
      clientId: input.clientId,
      allowedDomains: domains,
      enabled: input.enabled,
      updatedBy: actorUserId,
    });
    if (input.clientSecret) row.clientSecretSealed = sealSecret(this.config.dataEncryptionKey, input.clientSecret, trustClientSecretPurpose(trustId));
    const saved = await m.save(TrustSsoConfig, row);
    const fields = [...changed, ...(input.clientSecret ? ['clientSecret'] : [])].join(',');
    for (const school of schools) {
      await this.audit.record(school, {
        action: existing ? 'sso.trust_config_updated' : 'sso.trust_config_created',
        entityType: 'trust',
        entityId: trustId,
        details: { fields, enabled: input.enabled },
      });
    }
    return saved;
  }
}

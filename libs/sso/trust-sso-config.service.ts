import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { ledTrustSchools } from '#libs/tenancy';
import { applySsoSettings, type SsoSettingsInput } from './sso-settings.js';
import { TrustSsoConfig } from './trust-sso-config.entity.js';

/** The AAD of a trust's sealed client secret: it decrypts only for its own trust, never as a school's. */
export const trustClientSecretPurpose = (trustId: string) => `sso-trust-client-secret:${trustId}`;

/**
 * The trust lead's single sign-on provider for the schools of the trust (a school's own enabled provider wins;
 * app.sso_effective_provider and app.sso_trust_provider decide). The same rules as a school's (applySsoSettings).
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
    const row = existing ?? m.create(TrustSsoConfig, { trustId });
    const changed = applySsoSettings(row, existing, input, actorUserId, {
      production: this.config.nodeEnv === 'production',
      key: this.config.dataEncryptionKey,
      secretPurpose: trustClientSecretPurpose(trustId),
    });
    const saved = await m.save(TrustSsoConfig, row);
    for (const school of schools) {
      await this.audit.record(school, {
        action: existing ? 'sso.trust_config_updated' : 'sso.trust_config_created',
        entityType: 'trust',
        entityId: trustId,
        details: { fields: changed.join(','), enabled: input.enabled },
      });
    }
    return saved;
  }
}

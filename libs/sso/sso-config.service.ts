import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { type SchoolScope, TenantTransactions } from '#libs/database';
import { SsoConfig } from './sso-config.entity.js';
import { applySsoSettings, type SsoSettingsInput } from './sso-settings.js';

/** The AAD of a sealed client secret: it decrypts only for its own school. */
export const clientSecretPurpose = (schoolId: string) => `sso-client-secret:${schoolId}`;

/** The head's SSO settings of their school. The secret is write-only: it is sealed and never returned. */
@Injectable()
export class SsoConfigService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get(school: SchoolScope): Promise<SsoConfig | null> {
    return this.tx.manager().findOneBy(SsoConfig, { schoolId: school.schoolId });
  }

  async save(school: SchoolScope, actorUserId: string, input: SsoSettingsInput): Promise<SsoConfig> {
    const m = this.tx.manager();
    const existing = await m.findOneBy(SsoConfig, { schoolId: school.schoolId });
    const row = existing ?? m.create(SsoConfig, { schoolId: school.schoolId });
    const changed = applySsoSettings(row, existing, input, actorUserId, {
      production: this.config.nodeEnv === 'production',
      key: this.config.dataEncryptionKey,
      secretPurpose: clientSecretPurpose(school.schoolId),
    });
    const saved = await m.save(SsoConfig, row);
    await this.audit.record(school, {
      action: existing ? 'sso.config_updated' : 'sso.config_created',
      entityType: 'sso_config',
      entityId: saved.id,
      details: { fields: changed.join(','), enabled: input.enabled },
    });
    return saved;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { sealSecret } from '#libs/auth';
import { APP_CONFIG, type AppConfig, invalid } from '#libs/core';
import { type SchoolScope, TenantTransactions } from '#libs/database';
import { SsoConfig } from './sso-config.entity.js';

export interface SsoSettingsInput {
  issuer: string;
  clientId: string;
  /** Omitted to keep the secret already stored. */
  clientSecret?: string;
  allowedDomains: string[];
  enabled: boolean;
}

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
    // Plain http is for a provider on this machine in development and tests; production talks TLS only.
    if (this.config.nodeEnv === 'production' && !input.issuer.startsWith('https://')) {
      throw invalid([{ field: 'issuer', message: 'must be an https URL' }]);
    }
    if (!existing && !input.clientSecret) throw invalid([{ field: 'clientSecret', message: 'is required when SSO is first set up' }]);
    const domains = [...new Set(input.allowedDomains.map((d) => d.trim().toLowerCase()))].sort();
    const row = existing ?? m.create(SsoConfig, { schoolId: school.schoolId });
    const changed: string[] = (['issuer', 'clientId', 'enabled'] as const).filter((k) => !existing || existing[k] !== input[k]);
    if (!existing || existing.allowedDomains.join(',') !== domains.join(',')) changed.push('allowedDomains');
    Object.assign(row, {
      issuer: input.issuer.replace(/\/$/, ''),
      clientId: input.clientId,
      allowedDomains: domains,
      enabled: input.enabled,
      updatedBy: actorUserId,
    });
    if (input.clientSecret) row.clientSecretSealed = sealSecret(this.config.dataEncryptionKey, input.clientSecret, clientSecretPurpose(school.schoolId));
    const saved = await m.save(SsoConfig, row);
    await this.audit.record(school, {
      action: existing ? 'sso.config_updated' : 'sso.config_created',
      entityType: 'sso_config',
      entityId: saved.id,
      // Which settings changed, never their values: the secret least of all.
      details: { fields: [...changed, ...(input.clientSecret ? ['clientSecret'] : [])].join(','), enabled: input.enabled },
    });
    return saved;
  }
}

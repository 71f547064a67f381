import { sealSecret } from '#libs/auth';
import { loadConfig } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { clientSecretPurpose, SsoConfig } from '#libs/sso';
import type { TestApi } from './api.js';

/** A school's SSO settings row (switched off), so the isolation suites probe sso_configs with a real row. */
export async function populateSso(api: TestApi, schoolId: string): Promise<void> {
  const key = loadConfig('api').dataEncryptionKey;
  await new TenantTransactions(api.dataSource).run({ schoolIds: [schoolId] }, (m) =>
    m.insert(SsoConfig, {
      schoolId,
      issuer: 'https://login.example.invalid',
      clientId: 'probe-client',
      clientSecretSealed: sealSecret(key, 'probe-secret', clientSecretPurpose(schoolId)),
      allowedDomains: ['probe.invalid'],
      enabled: false,
    }),
  );
}

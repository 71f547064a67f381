import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { SsoConfigService } from './sso-config.service.js';
import { SsoSignInService } from './sso-sign-in.service.js';
import { TrustSsoConfigService } from './trust-sso-config.service.js';

@Module({
  imports: [AuditModule],
  providers: [SsoConfigService, SsoSignInService, TrustSsoConfigService],
  exports: [SsoConfigService, SsoSignInService, TrustSsoConfigService],
})
export class SsoModule {}

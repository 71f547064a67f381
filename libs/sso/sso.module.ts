import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { SsoConfigService } from './sso-config.service.js';
import { SsoSignInService } from './sso-sign-in.service.js';

@Module({
  imports: [AuditModule],
  providers: [SsoConfigService, SsoSignInService],
  exports: [SsoConfigService, SsoSignInService],
})
export class SsoModule {}

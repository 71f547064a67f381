import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '#libs/audit';
import { JWT_AUDIENCE, JWT_ISSUER } from './principal.js';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { AuthService } from './auth.service.js';
import { InvitationService } from './invitation.service.js';
import { TrustInvitationService } from './trust-invitation.service.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { PublicRateLimiter } from './public-rate-limiter.js';
import { SecondFactor, SecondFactorLimiter, TotpFactors, TwoFactorPolicies } from './two-factor/index.js';
import { AccountService } from './account.service.js';
import { OutboxModule } from '#libs/outbox';
import { EmailChangeService, PasswordResetService } from './account-emails/index.js';
import { TrustTwoFactorPolicies } from './two-factor/trust-two-factor-policy.service.js';

@Module({
  imports: [
    AuditModule,
    OutboxModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
        verifyOptions: { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      }),
    }),
  ],
  providers: [
    AuthService,
    InvitationService,
    TrustInvitationService,
    LoginRateLimiter,
    PublicRateLimiter,
    TotpFactors,
    SecondFactorLimiter,
    SecondFactor,
    TwoFactorPolicies,
    AccountService,
    PasswordResetService,
    EmailChangeService,
    TrustTwoFactorPolicies,
  ],
  exports: [
    AuthService,
    InvitationService,
    TrustInvitationService,
    LoginRateLimiter,
    PublicRateLimiter,
    JwtModule,
    TotpFactors,
    SecondFactor,
    TwoFactorPolicies,
    AccountService,
    PasswordResetService,
    EmailChangeService,
    TrustTwoFactorPolicies,
  ],
})
export class AuthModule {}

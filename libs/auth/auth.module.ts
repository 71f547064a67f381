import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '#libs/audit';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import { AuthService } from './auth.service.js';
import { InvitationService } from './invitation.service.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { PublicRateLimiter } from './public-rate-limiter.js';

@Module({
  imports: [
    AuditModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256', issuer: 'sen-manager' }, verifyOptions: { algorithms: ['HS256'], issuer: 'sen-manager' } }),
    }),
  ],
  providers: [AuthService, InvitationService, LoginRateLimiter, PublicRateLimiter],
  exports: [AuthService, InvitationService, LoginRateLimiter, PublicRateLimiter, JwtModule],
})
export class AuthModule {}

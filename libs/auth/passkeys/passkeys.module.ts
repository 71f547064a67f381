import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { PasskeyRegistration } from './passkey-registration.service.js';
import { PasskeySignIn } from './passkey-sign-in.service.js';
import { WebauthnChallenges } from './webauthn-challenges.js';

/** Passkeys (WebAuthn): registration by a signed-in user and sign-in with a passkey alone. */
@Module({
  imports: [AuditModule],
  providers: [WebauthnChallenges, PasskeyRegistration, PasskeySignIn],
  exports: [PasskeyRegistration, PasskeySignIn],
})
export class PasskeysModule {}

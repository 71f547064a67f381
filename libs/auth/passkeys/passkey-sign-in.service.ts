import { Inject, Injectable } from '@nestjs/common';
import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { AuditService } from '#libs/audit';
import { APP_CONFIG, Clock, unauthorized, type AppConfig } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { auditInUsersSchools } from './passkey-audit.js';
import { userHandle } from './passkey-registration.service.js';
import { UserPasskey } from './user-passkey.entity.js';
import { CHALLENGE_TTL_MS, WebauthnChallenges } from './webauthn-challenges.js';

const NO_SCHOOL = { schoolIds: [] as string[] };

/** One answer for every refusal, so the answer says nothing about which credentials or accounts exist. */
const refused = () => unauthorized('The passkey was not accepted');

/**
 * Sign-in with a passkey alone (a discoverable credential: no email asked, allowCredentials empty). The
 * authenticator says which credential it used; the user is the credential's owner. Public: each step opens the
 * narrow transactions it needs.
 */
@Injectable()
export class PasskeySignIn {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly challenges: WebauthnChallenges,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async options(): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const options = await generateAuthenticationOptions({
      rpID: this.config.webauthn.rpId,
      allowCredentials: [],
      userVerification: 'required',
      timeout: CHALLENGE_TTL_MS,
    });
    await this.tx.run(NO_SCHOOL, (m) => this.challenges.issue(m, options.challenge, 'sign_in', null));
    return options;
  }

  /**
   * Checks the assertion (challenge, origin, RP ID, signature, user verification, user handle, counter) and
   * answers whose passkey it was. Refused alike: a spent or unknown challenge, an unknown credential, a disabled
   * user, a user with no school and no platform role, a bad signature, and a counter that went backwards (which
   * also goes in the audit trail: the authenticator may have been cloned).
   */
  async verify(response: AuthenticationResponseJSON): Promise<string> {
    const challenge = await this.challenges.spend(response.response.clientDataJSON, 'sign_in', null);
    if (!challenge) throw refused();
    const passkey = await this.tx.run(NO_SCHOOL, (m) => m.findOneBy(UserPasskey, { credentialId: response.id }));
    if (!passkey) throw refused();
    const account = await this.account(passkey.userId);
    if (!account.allowed) throw refused();
    if (response.response.userHandle && response.response.userHandle !== Buffer.from(userHandle(passkey.userId)).toString('base64url')) throw refused();
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: this.config.webauthn.origin,
      expectedRPID: this.config.webauthn.rpId,
      // The stored counter is compared below rather than by the library, so a regression can be audited.
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: 0, transports: passkey.transports },
      requireUserVerification: true,
    }).catch(() => null);
    if (!verification?.verified || !verification.authenticationInfo.userVerified) throw refused();
    const { newCounter } = verification.authenticationInfo;
    // Authenticators that keep no counter send 0 every time (synced passkeys); any that counts must count up.
    if ((passkey.counter > 0 || newCounter > 0) && newCounter <= passkey.counter) {
      await this.tx.run({ schoolIds: account.schoolIds }, (m) =>
        auditInUsersSchools(m, this.audit, account.schoolIds, {
          action: 'passkey.counter_regressed',
          entityType: 'user',
          entityId: passkey.userId,
          details: { passkeyId: passkey.id, storedCounter: passkey.counter, presentedCounter: newCounter },
        }),
      );
      throw refused();
    }
    await this.tx.run(NO_SCHOOL, (m) => m.update(UserPasskey, { id: passkey.id }, { counter: newCounter, lastUsedAt: this.clock.now() }));
    return passkey.userId;
  }

  /** Enabled, and a member of a school or trust, or a platform admin (read through app.principal, under the user's own RLS). */
  private async account(userId: string): Promise<{ allowed: boolean; schoolIds: string[] }> {
    const rows = await this.tx.run(NO_SCHOOL, (m) =>
      m.query<{ isPlatformAdmin: boolean; disabledAt: Date | null; schoolId: string | null }[]>(
        `select is_platform_admin as "isPlatformAdmin", disabled_at as "disabledAt", school_id as "schoolId" from app.principal($1, gen_random_uuid())`,
        [userId],
      ),
    );
    const first = rows[0];
    const schoolIds = [...new Set(rows.map((r) => r.schoolId).filter((id): id is string => id !== null))];
    return { allowed: !!first && !first.disabledAt && (first.isPlatformAdmin || schoolIds.length > 0), schoolIds };
  }
}

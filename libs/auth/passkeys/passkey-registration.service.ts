import { Inject, Injectable } from '@nestjs/common';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { AuditService } from '#libs/audit';
import { APP_CONFIG, conflict, invalid, notFound, type AppConfig } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import type { Principal } from '../principal.js';
import { User } from '../user.entity.js';
import { auditInUsersSchools } from './passkey-audit.js';
import { UserPasskey } from './user-passkey.entity.js';
import { CHALLENGE_TTL_MS, WebauthnChallenges } from './webauthn-challenges.js';

/** Enough for every device a person uses; bounds what one account can store. */
export const MAX_PASSKEYS_PER_USER = 20;
export const RP_NAME = 'SEN Manager';

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** The WebAuthn user handle: the user id's 16 bytes, so a sign-in's userHandle can be checked against the passkey's owner. */
export const userHandle = (userId: string) => new Uint8Array(Buffer.from(userId.replaceAll('-', ''), 'hex'));

const summary = (p: UserPasskey): PasskeySummary => ({ id: p.id, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt });

/** A signed-in user's own passkeys: register (two steps), list, remove. Runs in the request's transaction. */
@Injectable()
export class PasskeyRegistration {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly challenges: WebauthnChallenges,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Options for navigator.credentials.create: a discoverable credential (so sign-in needs no email) with user
   * verification required (so the passkey alone is two factors: docs/security.md, Passkeys).
   */
  async options(principal: Principal): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const m = this.tx.manager();
    const user = await m.findOneByOrFail(User, { id: principal.userId });
    const existing = await m.findBy(UserPasskey, { userId: user.id });
    if (existing.length >= MAX_PASSKEYS_PER_USER) throw conflict(`You have ${MAX_PASSKEYS_PER_USER} passkeys; remove one before adding another`);
    const options = await generateRegistrationOptions({
      rpName: RP_NAME,
      rpID: this.config.webauthn.rpId,
      userName: user.email,
      userDisplayName: user.displayName,
      userID: userHandle(user.id),
      timeout: CHALLENGE_TTL_MS,
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    });
    await this.challenges.issue(m, options.challenge, 'register', user.id);
    return options;
  }

  /** Checks the authenticator's answer against a live challenge of this user's, the origin and the RP ID, and keeps the public key. */
  async register(principal: Principal, response: RegistrationResponseJSON, name: string): Promise<PasskeySummary> {
    const refused = invalid([{ field: 'credential', message: 'credential was not accepted: start again from the options' }]);
    const challenge = await this.challenges.spend(response.response.clientDataJSON, 'register', principal.userId);
    if (!challenge) throw refused;
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: this.config.webauthn.origin,
      expectedRPID: this.config.webauthn.rpId,
      requireUserVerification: true,
    }).catch(() => null);
    if (!verification?.verified) throw refused;
    const { credential } = verification.registrationInfo;
    const m = this.tx.manager();
    if (await m.existsBy(UserPasskey, { credentialId: credential.id })) throw conflict('This passkey is already registered');
    const saved = await m.save(UserPasskey, {
      userId: principal.userId,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey),
      counter: credential.counter,
      transports: (credential.transports ?? []).slice(0, 8),
      name: name.trim(),
      lastUsedAt: null,
    });
    await auditInUsersSchools(m, this.audit, Object.keys(principal.schoolRoles), {
      action: 'passkey.registered',
      entityType: 'user',
      entityId: principal.userId,
      details: { passkeyId: saved.id },
    });
    return summary(saved);
  }

  async list(principal: Principal): Promise<PasskeySummary[]> {
    const rows = await this.tx.manager().find(UserPasskey, { where: { userId: principal.userId }, order: { createdAt: 'ASC' } });
    return rows.map(summary);
  }

  /** Another user's passkey id looks the same as one that never existed. */
  async remove(principal: Principal, passkeyId: string): Promise<void> {
    const m = this.tx.manager();
    const result = await m.delete(UserPasskey, { id: passkeyId, userId: principal.userId });
    if (!result.affected) throw notFound('Passkey');
    await auditInUsersSchools(m, this.audit, Object.keys(principal.schoolRoles), {
      action: 'passkey.removed',
      entityType: 'user',
      entityId: principal.userId,
      details: { passkeyId },
    });
  }
}

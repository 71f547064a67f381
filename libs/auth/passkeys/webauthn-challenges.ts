import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '#libs/core';
import { sha256 } from '../secrets.js';
import { WebauthnChallenge, type WebauthnPurpose } from './webauthn-challenge.entity.js';

/** Five minutes: the WebAuthn timeout the options announce, and no longer. */
export const CHALLENGE_TTL_MS = 300_000;

/** The challenge a browser signed, read from the clientDataJSON it sent (base64url JSON); null when unreadable. */
export function signedChallenge(clientDataJSON: string): string | null {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof data.challenge === 'string' && data.challenge.length > 0 && data.challenge.length <= 200 ? data.challenge : null;
  } catch {
    return null;
  }
}

/** Server-side WebAuthn challenges: stored as SHA-256, spent once, minutes long. */
@Injectable()
export class WebauthnChallenges {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Records a challenge the options just carried; expired ones are swept at the same time so the table stays small. */
  async issue(m: EntityManager, challenge: string, purpose: WebauthnPurpose, userId: string | null): Promise<void> {
    const now = this.clock.now();
    await m.query('delete from webauthn_challenges where expires_at < $1', [now]);
    await m.insert(WebauthnChallenge, {
      challengeHash: sha256(challenge),
      purpose,
      userId,
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
      usedAt: null,
    });
  }

  /**
   * Spends the challenge the browser signed, if it is live, of this purpose (and this user's, for a
   * registration), and returns it for the signature check. One autocommit statement on its own connection,
   * not the request's transaction: a ceremony that then fails must not give its challenge back (single use).
   */
  async spend(clientDataJSON: string, purpose: WebauthnPurpose, userId: string | null): Promise<string | null> {
    const challenge = signedChallenge(clientDataJSON);
    if (!challenge) return null;
    const rows = await this.dataSource.query<{ id: string }[]>(
      // A CTE so the driver answers rows (a bare UPDATE … RETURNING comes back as [rows, count]).
      `with spent as (
         update webauthn_challenges set used_at = $1
          where challenge_hash = $2 and purpose = $3 and used_at is null and expires_at > $1
            and user_id is not distinct from $4::uuid
          returning id)
       select id from spent`,
      [this.clock.now(), sha256(challenge), purpose, userId],
    );
    return rows.length > 0 ? challenge : null;
  }
}

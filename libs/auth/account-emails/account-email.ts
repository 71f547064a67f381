import type { SchoolScope } from '#libs/database';
import { EVENT_TYPES, type OutboxService } from '#libs/outbox';
import { sealSecret } from '../secret-box.js';

/** The account messages: each is rendered by libs/notifications (templates/account.ts) and sent once. */
export const ACCOUNT_EMAIL_KINDS = ['password_reset', 'invitation', 'email_verification', 'email_changed', 'password_changed'] as const;
export type AccountEmailKind = (typeof ACCOUNT_EMAIL_KINDS)[number];

/** What the event names: the user (or, for an invitation, the invitation) and the token row it is about. */
export interface AccountEmail {
  kind: AccountEmailKind;
  /** A trust lead's invitation (trust_invitations) is a 'trust_invitation'; its message is an invitation. */
  subjectType: 'user' | 'invitation' | 'trust_invitation';
  subjectId: string;
  /** The account_tokens row (reset, email change), so the worker reads the address from it. */
  tokenId?: string;
  /** The link's token, sealed before it is written: the outbox holds ids and ciphertext only. */
  token?: string;
  /** A password_changed notice: changed by the user signed in, or reset through an emailed link. */
  how?: 'changed' | 'reset';
}

/** The associated data a token is sealed with: it opens only for this kind of message about this subject. */
export const accountEmailPurpose = (kind: string, subjectId: string) => `account-email:${kind}:${subjectId}`;

/**
 * Writes the event in the caller's transaction (the change and its email commit together, or neither). The
 * worker's notifications fan-out renders it for the school named by the scope (its name and signature) and
 * sends it once, like a parent's message, with its delivery in that school's log. With no scope (a platform
 * admin, a trust lead's invitation) it is filed under no school and sent the same way.
 */
export async function recordAccountEmail(outbox: OutboxService, key: Buffer, scope: SchoolScope | null, email: AccountEmail): Promise<void> {
  const payload: Record<string, string> = { kind: email.kind };
  if (email.tokenId) payload.tokenId = email.tokenId;
  if (email.how) payload.how = email.how;
  if (email.token) payload.sealed = sealSecret(key, email.token, accountEmailPurpose(email.kind, email.subjectId));
  const event = { type: EVENT_TYPES.accountEmail, subjectType: email.subjectType, subjectId: email.subjectId, payload };
  if (scope === null) await outbox.recordPlatform(event);
  else await outbox.recordMany(scope, [event]);
}

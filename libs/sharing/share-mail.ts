import type { EntityManager } from 'typeorm';
import { accountEmailPurpose, sealSecret } from '#libs/auth';
import type { SchoolScope } from '#libs/database';
import { escapeHtml } from '#libs/documents';
import { ACCOUNT_TOKEN_SLOT, Delivery } from '#libs/notifications';
import { EVENT_TYPES, OutboxEvent, type OutboxService } from '#libs/outbox';

export interface ShareEmail {
  shareId: string;
  /** share_link or share_code: the delivery's kind in the log. */
  kind: 'share_link' | 'share_code';
  to: string;
  subject: string;
  /** The message, with SHARE_SECRET_SLOT where the secret goes. */
  paragraphs: string[];
  /** The link's token or the one-time code: sealed into the delivery, never written in its body. */
  secret: string;
}

/** Where the secret goes in a share email's paragraphs: the slot the notifications path fills when it sends. */
export const SHARE_SECRET_SLOT = ACCOUNT_TOKEN_SLOT;

/**
 * Queues an email to an outside professional through the notifications path (one outbox event, one delivery
 * row, sent once by the worker and kept in the delivery log). The message carries the link or code, which
 * exist nowhere else in plain form, so the delivery is written here, in the share's own transaction, and the
 * event is marked planned: the worker's fan-out finds nothing to plan and sends the delivery as written. The
 * secret is sealed into the delivery (as account emails' links are) and put in its slot only as the email
 * leaves; the seal is dropped once it is sent, so the delivery log never holds a working link or code.
 */
export async function queueShareEmail(m: EntityManager, outbox: OutboxService, key: Buffer, scope: SchoolScope, at: Date, mail: ShareEmail): Promise<void> {
  const [eventId] = await outbox.recordMany(scope, [
    { type: EVENT_TYPES.shareEmail, subjectType: 'professional_share', subjectId: mail.shareId, payload: { kind: mail.kind } },
  ]);
  await m.insert(Delivery, {
    schoolId: scope.schoolId,
    eventId: eventId!,
    // Not filed under the pupil: the message holds the link or code, which must not reach the pupil's
    // notification list or a subject access copy.
    pupilId: null,
    kind: mail.kind,
    statutory: false,
    recipientType: 'external',
    recipientId: mail.shareId,
    parentalResponsibility: false,
    channel: 'email',
    address: mail.to,
    inboxUserId: null,
    status: 'queued',
    attempts: 0,
    possibleDuplicate: false,
    lastError: null,
    subject: mail.subject,
    bodyText: mail.paragraphs.join('\n\n'),
    bodyHtml: mail.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
    secretSealed: sealSecret(key, mail.secret, accountEmailPurpose(mail.kind, mail.shareId)),
  });
  await m.update(OutboxEvent, { id: eventId!, schoolId: scope.schoolId }, { processedAt: at });
}

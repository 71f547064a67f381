import type { EntityManager } from 'typeorm';
import { accountEmailPurpose, openSecret } from '#libs/auth';
import type { AppConfig } from '#libs/core';
import type { AnyOutboxEvent } from '#libs/outbox';
import type { Delivery } from './delivery.entity.js';
import type { PlannedDelivery } from './notification-planner.js';
import { ACCOUNT_TOKEN_SLOT } from './templates/account.js';
import { renderMessage, type Branding, type MessageInput } from './templates/index.js';

interface TokenRow {
  user_id: string;
  display_name: string;
  email: string;
  disabled: boolean;
  new_email: string | null;
  old_email: string | null;
  live: boolean;
}

const noPupil = (recipientName: string) => ({ recipientName, pupilFirstName: '', pupilLastName: '' });

/**
 * The delivery of an account email (libs/auth/account-emails): one email to one person, filed under no pupil.
 * A link's token stays sealed in the delivery; a link already used, expired or revoked by the time the worker
 * gets to it, or an account disabled since, is not sent at all.
 */
export async function planAccountEmail(m: EntityManager, event: AnyOutboxEvent, branding: Branding, config: AppConfig, now: Date): Promise<PlannedDelivery[]> {
  const p = event.payload;
  const sealed = typeof p.sealed === 'string' ? p.sealed : null;
  const base = config.publicUrl;
  const slot = (path: string) => `${base}${path}#token=${ACCOUNT_TOKEN_SLOT}`;
  let input: MessageInput;
  let to: { type: 'user' | 'invitee'; address: string };
  if (p.kind === 'invitation') {
    // A trust lead's invitation names its trust where a school's names the school.
    const [inv] =
      event.subjectType === 'trust_invitation'
        ? await m.query<{ email: string; role: string; live: boolean; trust: string }[]>(
            `select i.email, 'trust_lead' as role, (i.accepted_at is null and i.revoked_at is null and i.expires_at > $2) as live, t.name as trust
               from trust_invitations i join trusts t on t.id = i.trust_id where i.id = $1`,
            [event.subjectId, now],
          )
        : await m.query<{ email: string; role: string; live: boolean; trust?: undefined }[]>(
            `select email, role, (accepted_at is null and revoked_at is null and expires_at > $3) as live from invitations where school_id = $1 and id = $2`,
            [event.schoolId, event.subjectId, now],
          );
    if (!inv?.live || !sealed) return [];
    if (inv.trust) branding = { ...branding, schoolName: inv.trust };
    input = { kind: 'invitation', greeting: noPupil(''), link: slot('/invitations/accept'), role: inv.role, validDays: config.invitationTtlDays };
    to = { type: 'invitee', address: inv.email };
  } else if (p.kind === 'password_changed') {
    // About the account itself, not a token: sent to the address the account has now.
    const [user] = await m.query<{ display_name: string; email: string; disabled: boolean }[]>(
      `select display_name, email, disabled_at is not null as disabled from users where id = $1`,
      [event.subjectId],
    );
    if (!user || user.disabled) return [];
    input = {
      kind: 'password_changed',
      greeting: noPupil(user.display_name),
      how: p.how === 'reset' ? 'reset' : 'changed',
      resetLink: `${base}/app/forgot-password`,
    };
    to = { type: 'user', address: user.email };
  } else {
    const [row] = await m.query<TokenRow[]>(
      `select t.user_id, u.display_name, u.email, u.disabled_at is not null as disabled, t.new_email, t.old_email,
              (t.used_at is null and t.expires_at > $3) as live
         from account_tokens t join users u on u.id = t.user_id where t.id = $1 and t.user_id = $2`,
      [p.tokenId, event.subjectId, now],
    );
    if (!row || row.disabled) return [];
    const greeting = noPupil(row.display_name);
    if (p.kind === 'password_reset' && row.live && sealed) {
      input = { kind: 'password_reset', greeting, link: slot('/app/reset-password'), validMinutes: 30 };
      to = { type: 'user', address: row.email };
    } else if (p.kind === 'email_verification' && row.live && sealed && row.new_email) {
      input = { kind: 'email_verification', greeting, link: slot('/app/confirm-email'), validHours: 24 };
      to = { type: 'user', address: row.new_email };
    } else if (p.kind === 'email_changed' && row.old_email) {
      input = { kind: 'email_changed', greeting };
      to = { type: 'user', address: row.old_email };
    } else return [];
  }
  const message = renderMessage(input, branding);
  return [
    {
      pupilId: null,
      kind: input.kind,
      statutory: false,
      recipientType: to.type,
      recipientId: event.subjectId,
      parentalResponsibility: false,
      channel: 'email',
      address: to.address,
      inboxUserId: null,
      subject: message.subject,
      bodyText: message.text,
      bodyHtml: message.html,
      needsAction: false,
      secretSealed: input.kind === 'email_changed' || input.kind === 'password_changed' ? null : sealed,
    },
  ];
}

/** The message as it is sent: the sealed token opened (it fails loudly if altered) and put in its slot. */
export function revealAccountLink(
  key: Buffer,
  d: Pick<Delivery, 'kind' | 'recipientId' | 'secretSealed' | 'bodyText' | 'bodyHtml'>,
): { text: string; html: string } {
  if (!d.secretSealed) return { text: d.bodyText, html: d.bodyHtml };
  const token = openSecret(key, d.secretSealed, accountEmailPurpose(d.kind, d.recipientId));
  return { text: d.bodyText.replaceAll(ACCOUNT_TOKEN_SLOT, token), html: d.bodyHtml.replaceAll(ACCOUNT_TOKEN_SLOT, token) };
}

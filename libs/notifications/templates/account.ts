import { link, para, plural, type Block, type Message } from './blocks.js';
import type { AccountMessage } from './message.types.js';

/**
 * Where a link's token goes in an account message. The delivery is written with this in its place and the
 * sealed token beside it; the token is put in only as the email is sent (DeliveriesService), so the delivery
 * log never shows a usable link.
 */
export const ACCOUNT_TOKEN_SLOT = 'ACCOUNT-LINK-TOKEN';

const IGNORE = 'If you did not ask for this, you can ignore this email: nothing changes until the link is used.';

const ROLE_WORDS: Record<string, string> = {
  senco: 'the SENCO',
  head: 'a head',
  teacher: 'a member of staff',
  parent: 'a parent or carer',
  trust_lead: "a trust lead, overseeing the SEN work of the trust's schools",
};

/**
 * Messages about a person's own account: a reset link, an invitation, a new address to confirm, a change made.
 * `school` is the school (or, for a trust lead's invitation, the trust) it comes from; empty for a platform
 * admin, who belongs to none.
 */
export function accountMessage(input: AccountMessage, school: string): Message {
  const from = school || 'SEN Manager';
  let blocks: Block[];
  let subject: string;
  switch (input.kind) {
    case 'password_reset':
      subject = 'Reset your SEN Manager password';
      blocks = [
        para(`Someone asked to reset the password of your SEN Manager account${school ? ` at ${school}` : ''}.`),
        ...link(`Choose a new password here (the link works once, for ${plural(input.validMinutes, 'minute')}):`, input.link),
        para('Choosing a new password signs you out on every device. If you use two-factor sign-in, you still need it.'),
        para(IGNORE),
      ];
      break;
    case 'invitation':
      subject = `${from} invites you to SEN Manager`;
      blocks = [
        para(`${from} has invited you to SEN Manager as ${ROLE_WORDS[input.role] ?? 'a member'}.`),
        ...link(`Set up your account here (the link works once, for ${plural(input.validDays, 'day')}):`, input.link),
        para('If you already have an account with this email address, use its password to accept.'),
        para('If you were not expecting this, you can ignore this email.'),
      ];
      break;
    case 'email_verification':
      subject = 'Confirm your new email address';
      blocks = [
        para('You asked to use this email address for your SEN Manager account.'),
        ...link(`Confirm it here (the link works once, for ${plural(input.validHours, 'hour')}):`, input.link),
        para('Until you confirm, messages still go to your old address.', IGNORE),
      ];
      break;
    case 'email_changed':
      subject = 'Your SEN Manager email address was changed';
      blocks = [
        para(`The email address of your SEN Manager account${school ? ` at ${school}` : ''} has been changed, and messages now go to the new address.`),
        para(`If you did not make this change, contact ${from} straight away.`),
      ];
      break;
    case 'password_changed':
      // No link that signs in or resets by itself: only where to ask for one, so a forged copy of this notice
      // is no use to a phisher (docs/security.md, "Account controls").
      subject = `Your SEN Manager password was ${input.how === 'reset' ? 'reset' : 'changed'}`;
      blocks = [
        para(
          input.how === 'reset'
            ? `The password of your SEN Manager account${school ? ` at ${school}` : ''} was reset with a link sent to this address, and every device was signed out.`
            : `The password of your SEN Manager account${school ? ` at ${school}` : ''} was changed, and every other device was signed out.`,
        ),
        para(`If this was you, there is nothing to do.`),
        ...link(`If it was not, ask for a new password straight away at the sign-in page, and tell ${from}:`, input.resetLink),
      ];
      break;
  }
  return { subject, blocks, signOff: 'account' };
}

import { randomBytes } from 'node:crypto';
import { accountEmailPurpose, sealSecret } from '#libs/auth';
import { revealAccountLink } from './account-messages.js';
import { ACCOUNT_TOKEN_SLOT } from './templates/account.js';
import { renderMessage, type Branding } from './templates/index.js';

const branding: Branding = {
  schoolName: 'Oak Primary',
  logoUrl: null,
  signature: null,
  senco: { name: null, email: null, phone: null },
  sendiass: { name: null, phone: null, url: null },
  appUrl: 'https://app.example',
};
const greeting = { recipientName: 'Sam Carer', pupilFirstName: '', pupilLastName: '' };
const key = randomBytes(32);
const token = 'A'.repeat(43);

it('renders an account message with the link slot, never a token, and says who sent it', () => {
  const m = renderMessage(
    { kind: 'password_reset', greeting, link: `https://app.example/app/reset-password#token=${ACCOUNT_TOKEN_SLOT}`, validMinutes: 30 },
    branding,
  );
  expect(m.subject).toBe('Reset your SEN Manager password');
  expect(m.text).toContain('Dear Sam Carer,');
  expect(m.text).toContain(`#token=${ACCOUNT_TOKEN_SLOT}`);
  expect(m.text).toContain('30 minutes');
  expect(m.text).toContain('sent by SEN Manager for Oak Primary');
  const invite = renderMessage(
    { kind: 'invitation', greeting: { ...greeting, recipientName: '' }, link: 'https://app.example/x', role: 'teacher', validDays: 14 },
    branding,
  );
  expect(invite.text).toContain('Hello,');
  expect(invite.text).toContain('as a member of staff');
});

it('puts the sealed token into its slot only for the message it was sealed for', () => {
  const subject = '5b8a2f7e-1111-4222-8333-944445555666';
  const d = {
    kind: 'password_reset',
    recipientId: subject,
    secretSealed: sealSecret(key, token, accountEmailPurpose('password_reset', subject)),
    bodyText: `link #token=${ACCOUNT_TOKEN_SLOT}`,
    bodyHtml: `<a href="x#token=${ACCOUNT_TOKEN_SLOT}">`,
  };
  expect(revealAccountLink(key, d)).toEqual({ text: `link #token=${token}`, html: `<a href="x#token=${token}">` });
  // Sealed for another kind (or subject), it does not open.
  expect(() => revealAccountLink(key, { ...d, kind: 'invitation' })).toThrow();
  // Without a sealed token the message is sent as written.
  expect(revealAccountLink(key, { ...d, secretSealed: null }).text).toBe(`link #token=${ACCOUNT_TOKEN_SLOT}`);
});

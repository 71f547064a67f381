import type { DataSource } from 'typeorm';
import { accountEmailPurpose, openSecret } from '#libs/auth';
import { SystemClock, loadConfig, type AppConfig } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { ACCOUNT_TOKEN_SLOT, DeliveriesService, NotificationPlanner, SmtpMailer } from '#libs/notifications';
import { TenancyService } from '#libs/tenancy';
import type { TestApi } from './api.js';
import { bearer, daysAgo } from './register.js';
import type { TestSmtp } from './smtp.js';

export const consent = () => ({ givenBy: 'Alex Parent', relationship: 'parent', givenOn: daysAgo(2), purpose: 'Assessment of speech and language needs' });

export function shareBody(email: string, extra: Record<string, unknown> = {}) {
  return {
    consent: consent(),
    professionalName: 'Dr Sam Therapist',
    professionalEmail: email,
    professionalRole: 'speech_and_language_therapist',
    organisation: 'Northshire NHS Trust',
    summary: true,
    plan: true,
    ...extra,
  };
}

/**
 * The latest message of a kind to a share as it will be sent, before it is: its body with the sealed link or
 * code opened into its slot, as the sender does (the delivery log itself never holds them). Once the message is
 * sent the seal is gone: read it from the SMTP server instead.
 */
export async function shareMessage(dataSource: DataSource, schoolId: string, shareId: string, kind: 'share_link' | 'share_code'): Promise<string> {
  const row = await new TenantTransactions(dataSource).run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
    const [found] = await m.query<{ body_text: string; secret_sealed: string | null }[]>(
      `select body_text, secret_sealed from deliveries where school_id = $1 and recipient_type = 'external' and recipient_id = $2 and kind = $3 order by created_at desc limit 1`,
      [schoolId, shareId, kind],
    );
    return found;
  });
  if (!row?.secret_sealed) throw new Error(`no unsent ${kind} message for the share`);
  const secret = openSecret(loadConfig('api').dataEncryptionKey, row.secret_sealed, accountEmailPurpose(kind, shareId));
  return row.body_text.replaceAll(ACCOUNT_TOKEN_SLOT, secret);
}

export const linkTokenIn = (text: string) => /\/shared\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? '';
export const codeIn = (text: string) => /code is (\d{6})/.exec(text)?.[1] ?? '';

/**
 * Sends the school's share emails as the worker does (fan-out, then one delivery each, exactly once), in
 * process and for this school only, so a suite running beside others needs no worker of its own.
 */
export async function sendShareEmails(dataSource: DataSource, schoolId: string, smtpUrl: string): Promise<number> {
  const tx = new TenantTransactions(dataSource);
  const config = {
    smtpUrl,
    mailFrom: 'SEN Manager <noreply@test.invalid>',
    publicUrl: 'http://localhost:3000',
    // The share's link or code is sealed in the delivery: the sender opens it with the API's key.
    dataEncryptionKey: loadConfig('api').dataEncryptionKey,
  } as AppConfig;
  const deliveries = new DeliveriesService(tx, new NotificationPlanner(tx, new TenancyService(tx), config, new SystemClock()), new SystemClock());
  const mailer = new SmtpMailer(config);
  const events = await tx.run({ schoolIds: [schoolId], pupilAccess: 'all' }, (m) =>
    m.query<{ id: string }[]>(`select id from outbox_events where school_id = $1 and type = 'share.email' and completed_at is null order by occurred_at`, [
      schoolId,
    ]),
  );
  let sent = 0;
  try {
    for (const e of events)
      for (const id of await deliveries.fanOut(schoolId, e.id))
        if ((await deliveries.deliver(schoolId, id, mailer, { leaseMs: 60_000, finalAttempt: true })) === 'sent') sent += 1;
  } finally {
    mailer.onModuleDestroy();
  }
  return sent;
}

/** Opens a share as the professional does: asks for a code, reads it as emailed, and opens a viewing session. */
export async function openShareSession(api: TestApi, smtp: TestSmtp, schoolId: string, token: string, email: string): Promise<string> {
  await api.http().post(`/v1/shared/${token}/code`).expect(202);
  if ((await sendShareEmails(api.dataSource, schoolId, smtp.url)) !== 1) throw new Error('the code email was not sent');
  const code = codeIn(smtp.received.filter((m) => m.to.includes(email)).at(-1)?.text ?? '');
  const session = await api.http().post(`/v1/shared/${token}/session`).send({ code }).expect(201);
  return session.body.sessionKey as string;
}

/** Every sharing table gets a row: a share (with items, a code, a view), a report sent back, and a referral. */
export async function populateSharing(api: TestApi, token: string, schoolId: string, pupilId: string) {
  const base = `/v1/schools/${schoolId}`;
  const share = await api.http().post(`${base}/pupils/${pupilId}/shares`).set(bearer(token)).send(shareBody('probe-professional@test.invalid'));
  if (share.status !== 201) throw new Error(`sharing failed: ${JSON.stringify(share.body)}`);
  const shareId = share.body.id as string;
  const shareToken = linkTokenIn(await shareMessage(api.dataSource, schoolId, shareId, 'share_link'));
  await api.http().post(`/v1/shared/${shareToken}/code`).expect(202);
  const code = codeIn(await shareMessage(api.dataSource, schoolId, shareId, 'share_code'));
  const session = await api.http().post(`/v1/shared/${shareToken}/session`).send({ code }).expect(201);
  const key = session.body.sessionKey as string;
  await api.http().get(`/v1/shared/${shareToken}/record`).set('x-share-session', key).expect(200);
  const report = await api
    .http()
    .post(`/v1/shared/${shareToken}/reports`)
    .set('x-share-session', key)
    .send({ reportDate: daysAgo(1), summary: 'Probe: receptive language below age expectations.' })
    .expect(201);
  const referral = await api
    .http()
    .post(`${base}/pupils/${pupilId}/referrals`)
    .set(bearer(token))
    .send({ serviceName: 'Northshire CAMHS', serviceKind: 'camhs', referredOn: daysAgo(100), expectedWaitWeeks: 6 });
  if (referral.status !== 201) throw new Error(`referring failed: ${JSON.stringify(referral.body)}`);
  return { shareId, shareToken, sharedReportId: report.body.id as string, referralId: referral.body.id as string };
}

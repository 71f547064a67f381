import { randomUUID } from 'node:crypto';
import { SystemClock, type AppConfig } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { DeliveriesService, Mailer, NotificationPlanner, type OutgoingEmail } from '#libs/notifications';
import { TenancyService } from '#libs/tenancy';
import { createTestSchool, type TestSchool } from '#libs/testing';
import { startTestApi, type TestApi } from './helpers/api.js';

/**
 * A batch of deliveries (what the worker sends when deliver jobs pile up, apps/worker/delivery-batcher.ts) comes to
 * exactly what each would alone: every delivery its own outcome and row, the event complete only when nothing of
 * it is left, a temporary failure left to retry, a bounce and a final failure recorded, and nothing sent twice.
 */
let api: TestApi;
let fixture: TestSchool;
let tx: TenantTransactions;
let deliveries: DeliveriesService;

/** An SMTP server in miniature, by address: temp@ gets a 451, bounce@ a 550, everyone else is accepted. */
class ByAddress extends Mailer {
  readonly sent: string[] = [];
  send(email: OutgoingEmail): Promise<void> {
    if (email.to.startsWith('temp@')) return Promise.reject(Object.assign(new Error('451 try later'), { responseCode: 451 }));
    if (email.to.startsWith('bounce@')) return Promise.reject(Object.assign(new Error('550 no such user'), { responseCode: 550 }));
    this.sent.push(email.to);
    return Promise.resolve();
  }
}

beforeAll(async () => {
  api = await startTestApi();
  fixture = await createTestSchool(api.dataSource);
  tx = new TenantTransactions(api.dataSource);
  const clock = new SystemClock();
  deliveries = new DeliveriesService(tx, new NotificationPlanner(tx, new TenancyService(tx), { publicUrl: 'http://localhost' } as AppConfig, clock), clock);
});
afterAll(async () => {
  await api?.close();
});

const scope = () => ({ schoolIds: [fixture.school.id], pupilAccess: 'all' as const });

/** One processed event and its deliveries, written as the fan-out writes them. */
async function eventWith(rows: { address: string | null; channel?: 'email' | 'in_app'; status?: string }[]): Promise<{ eventId: string; ids: string[] }> {
  const schoolId = fixture.school.id;
  return tx.run(scope(), async (m) => {
    const [event] = await m.query<{ id: string }[]>(
      `insert into outbox_events (school_id, type, subject_type, subject_id, payload, relayed_at, processed_at)
       values ($1, 'review.due', 'pupil', $2, '{}', now(), now()) returning id`,
      [schoolId, randomUUID()],
    );
    const ids: string[] = [];
    for (const r of rows) {
      const [d] = await m.query<{ id: string }[]>(
        `insert into deliveries (school_id, event_id, kind, statutory, recipient_type, recipient_id, parental_responsibility, channel, address,
                                 inbox_user_id, status, attempts, subject, body_text, body_html)
         values ($1, $2, 'review_due', false, 'user', $3, false, $4, $5, $6, $7, 0, 'Review due', 'Body', '<p>Body</p>') returning id`,
        [schoolId, event!.id, randomUUID(), r.channel ?? 'email', r.address, r.channel === 'in_app' ? fixture.users.senco.id : null, r.status ?? 'queued'],
      );
      ids.push(d!.id);
    }
    return { eventId: event!.id, ids };
  });
}

const rowsOf = (ids: string[]) =>
  tx.run(scope(), (m) =>
    m.query<
      { id: string; status: string; attempts: number; sent_at: Date | null; lease_until: Date | null; last_error: string | null; message_id: string | null }[]
    >(`select id, status, attempts, sent_at, lease_until, last_error, message_id from deliveries where school_id = $1 and id = any($2::uuid[])`, [
      fixture.school.id,
      ids,
    ]),
  );
const completedAt = async (eventId: string) =>
  (
    await tx.run(scope(), (m) =>
      m.query<{ completed_at: Date | null }[]>(`select completed_at from outbox_events where school_id = $1 and id = $2`, [fixture.school.id, eventId]),
    )
  )[0]!.completed_at;

it('each delivery of a batch gets its own outcome and row; the event completes once the retry is sent', async () => {
  const { eventId, ids } = await eventWith([
    { address: 'one@test.invalid' },
    { address: 'temp@test.invalid' },
    { address: 'bounce@test.invalid' },
    { address: null, channel: 'in_app' },
    { address: 'two@test.invalid', status: 'sent' },
    { address: 'final@test.invalid' },
  ]);
  const [ok, temp, bounce, inApp, done, last] = ids as [string, string, string, string, string, string];
  const mailer = new ByAddress();
  const results = await deliveries.deliverMany(
    [ok, temp, bounce, inApp, done, last, ok].map((deliveryId) => ({ schoolId: fixture.school.id, deliveryId, finalAttempt: false })),
    mailer,
    { leaseMs: 60_000 },
  );
  // In the order asked; the same delivery asked twice is sent once and both jobs hear it was.
  expect(results.slice(0, 3)).toEqual(['sent', { retry: expect.objectContaining({ responseCode: 451 }) }, 'bounced']);
  expect(results.slice(3)).toEqual(['sent', 'already-final', 'sent', 'sent']);
  expect(mailer.sent.sort()).toEqual(['final@test.invalid', 'one@test.invalid']);

  const rows = new Map((await rowsOf(ids)).map((r) => [r.id, r]));
  expect(rows.get(ok)).toMatchObject({ status: 'sent', attempts: 1, lease_until: null, last_error: null, message_id: `<${ok}@sen-manager.local>` });
  expect(rows.get(ok)!.sent_at).not.toBeNull();
  expect(rows.get(temp)).toMatchObject({ status: 'retrying', attempts: 1, lease_until: null, sent_at: null });
  expect(rows.get(temp)!.last_error).toMatch(/^451/);
  expect(rows.get(bounce)).toMatchObject({ status: 'bounced', attempts: 1, sent_at: null });
  expect(rows.get(inApp)).toMatchObject({ status: 'sent', attempts: 1, message_id: null });
  expect(rows.get(done)).toMatchObject({ status: 'sent', attempts: 0 });
  const inbox = await tx.run(scope(), (m) =>
    m.query<{ n: number }[]>(`select count(*)::int as n from inbox_messages where school_id = $1 and delivery_id = $2`, [fixture.school.id, inApp]),
  );
  expect(inbox[0]!.n).toBe(1);
  // The retry is still open, so the event is not complete.
  expect(await completedAt(eventId)).toBeNull();

  // Its last attempt fails for good: the delivery is failed, and nothing of the event is left to send.
  const again = await deliveries.deliverMany([{ schoolId: fixture.school.id, deliveryId: temp, finalAttempt: true }], mailer, { leaseMs: 60_000 });
  expect(again).toEqual(['failed']);
  expect((await rowsOf([temp]))[0]).toMatchObject({ status: 'failed', attempts: 2 });
  expect(await completedAt(eventId)).not.toBeNull();
});

it('a delivery another batch holds under its lease is busy, and one sent alone through deliver() is the same path', async () => {
  const { ids } = await eventWith([{ address: 'held@test.invalid' }, { address: 'alone@test.invalid' }]);
  const [held, alone] = ids as [string, string];
  await tx.run(scope(), (m) =>
    m.query(`update deliveries set status = 'sending', lease_until = now() + interval '1 minute' where school_id = $1 and id = $2`, [fixture.school.id, held]),
  );
  const mailer = new ByAddress();
  expect(await deliveries.deliverMany([{ schoolId: fixture.school.id, deliveryId: held, finalAttempt: false }], mailer, { leaseMs: 60_000 })).toEqual(['busy']);
  expect(await deliveries.deliver(fixture.school.id, alone, mailer, { leaseMs: 60_000, finalAttempt: false })).toBe('sent');
  await expect(deliveries.deliver(fixture.school.id, randomUUID(), mailer, { leaseMs: 60_000, finalAttempt: false })).resolves.toBe('already-final');
  expect(mailer.sent).toEqual(['alone@test.invalid']);
});

it("a batch never reaches another school's deliveries", async () => {
  const other = await createTestSchool(api.dataSource);
  const { ids } = await eventWith([{ address: 'mine@test.invalid' }]);
  const mailer = new ByAddress();
  // The other school's scope cannot see this school's delivery: it is reported as already final and not sent.
  expect(await deliveries.deliverMany([{ schoolId: other.school.id, deliveryId: ids[0]!, finalAttempt: false }], mailer, { leaseMs: 60_000 })).toEqual([
    'already-final',
  ]);
  expect(mailer.sent).toEqual([]);
  expect((await rowsOf(ids))[0]).toMatchObject({ status: 'queued', attempts: 0 });
});

it("one batch sends two schools' deliveries, each school's event completed on its own", async () => {
  const other = await createTestSchool(api.dataSource);
  const mine = await eventWith([{ address: 'here@test.invalid' }]);
  const saved = fixture;
  fixture = other;
  const theirs = await eventWith([{ address: 'there@test.invalid' }, { address: 'temp@test.invalid' }]);
  fixture = saved;
  const mailer = new ByAddress();
  const results = await deliveries.deliverMany(
    [
      { schoolId: other.school.id, deliveryId: theirs.ids[0]!, finalAttempt: false },
      { schoolId: fixture.school.id, deliveryId: mine.ids[0]!, finalAttempt: false },
      { schoolId: other.school.id, deliveryId: theirs.ids[1]!, finalAttempt: false },
    ],
    mailer,
    { leaseMs: 60_000 },
  );
  expect(results).toEqual(['sent', 'sent', { retry: expect.objectContaining({ responseCode: 451 }) }]);
  expect(mailer.sent.sort()).toEqual(['here@test.invalid', 'there@test.invalid']);
  // This school's event has nothing left to send; the other's waits for its retry.
  expect(await completedAt(mine.eventId)).not.toBeNull();
  fixture = other;
  expect(await completedAt(theirs.eventId)).toBeNull();
  expect((await rowsOf(theirs.ids)).map((r) => r.status).sort()).toEqual(['retrying', 'sent']);
  fixture = saved;
});

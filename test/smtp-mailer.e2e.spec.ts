import { SMTPServer } from 'smtp-server';
import type { Worker } from 'node:worker_threads';
import type { AppConfig } from '#libs/core';
import { SmtpMailer, describeFailure, isPermanentRefusal, type OutgoingEmail } from '#libs/notifications';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

/**
 * The worker's mailer sends from a thread of its own (libs/notifications/mailer.ts): what arrives is the message
 * the delivery holds, an SMTP refusal comes back as the same error the deliveries read, a thread that stops fails
 * only the sends it held (and the next send starts another), and closing waits for the sends in flight.
 */
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.close();
});

const config = (url: string) => ({ smtpUrl: url, mailFrom: 'SEN Manager <noreply@test.invalid>' }) as AppConfig;
const email = (to: string, n = 1): OutgoingEmail => ({
  to,
  subject: `Review due ${n}`,
  text: `Line one ${n}\nLíne twö – with ünïcode`,
  html: `<p>Line one ${n}</p><p>Líne twö – with ünïcode</p>`,
  messageId: `<mailer-${n}-${to}@sen-manager.local>`,
});
/** The mailer's thread, as a crash would see it: not part of its interface, so reached by name. */
const threadOf = (mailer: SmtpMailer) => Reflect.get(mailer, 'thread') as { worker: Worker } | null;

/** An SMTP server that holds every message until `release()`: sends stay in flight as long as the test needs. */
async function heldSmtp(): Promise<{ url: string; arrived: () => number; release: () => void; close: () => Promise<void> }> {
  const held: (() => void)[] = [];
  let gateOpen = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => (gateOpen ? callback() : held.push(() => callback())));
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrived: () => held.length,
    release: () => {
      gateOpen = true;
      for (const answer of held.splice(0)) answer();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('sends each message whole, from the configured sender, with its own Message-ID', async () => {
  const mailer = new SmtpMailer(config(smtp.url));
  try {
    const before = smtp.received.length;
    await Promise.all([1, 2, 3].map((n) => mailer.send(email(`parent${n}@example.test`, n))));
    const got = (await smtp.waitFor(before + 3)).slice(before).sort((a, b) => a.subject.localeCompare(b.subject));
    expect(got).toEqual(
      [1, 2, 3].map((n) => ({
        to: [`parent${n}@example.test`],
        from: '"SEN Manager" <noreply@test.invalid>',
        subject: `Review due ${n}`,
        messageId: `<mailer-${n}-parent${n}@example.test@sen-manager.local>`,
        text: `Line one ${n}\nLíne twö – with ünïcode`,
        html: `<p>Line one ${n}</p><p>Líne twö – with ünïcode</p>`,
      })),
    );
  } finally {
    mailer.onModuleDestroy();
  }
});

it('an SMTP refusal comes back with its reply code: 5xx permanent, 4xx to retry', async () => {
  const mailer = new SmtpMailer(config(smtp.url));
  try {
    smtp.failNext(1, 550, 'gone@example.test');
    const bounced = await mailer.send(email('gone@example.test')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(bounced).toBeInstanceOf(Error);
    expect(isPermanentRefusal(bounced)).toBe(true);
    expect(describeFailure(bounced)).toMatch(/^550 EMESSAGE .*Mailbox unavailable/);

    smtp.failNext(1, 451, 'later@example.test');
    const deferred = await mailer.send(email('later@example.test')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isPermanentRefusal(deferred)).toBe(false);
    expect(describeFailure(deferred)).toMatch(/^451 EMESSAGE .*Try again later/);
  } finally {
    mailer.onModuleDestroy();
  }
});

it('a thread that stops fails only the sends it held, and the next send starts another', async () => {
  const held = await heldSmtp();
  const mailer = new SmtpMailer(config(held.url));
  try {
    const inFlight = [1, 2].map((n) =>
      mailer.send(email(`held${n}@example.test`, n)).then(
        () => 'sent',
        (e: { code?: string }) => e.code,
      ),
    );
    await until('both messages at the server', () => held.arrived() === 2);
    const first = threadOf(mailer)!.worker;
    await first.terminate();
    expect(await Promise.all(inFlight)).toEqual(['ETHREAD', 'ETHREAD']);
    expect(threadOf(mailer)).toBeNull();

    held.release();
    await mailer.send(email('after@example.test', 3));
    expect(threadOf(mailer)!.worker).not.toBe(first);
  } finally {
    mailer.onModuleDestroy();
    await held.close();
  }
});

it('closing waits for the sends in flight, then stops the thread', async () => {
  const held = await heldSmtp();
  const mailer = new SmtpMailer(config(held.url));
  try {
    const sending = mailer.send(email('closing@example.test'));
    await until('the message at the server', () => held.arrived() === 1);
    const thread = threadOf(mailer)!.worker;
    const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
    mailer.onModuleDestroy();
    expect(threadOf(mailer)?.worker).toBe(thread);

    held.release();
    await expect(sending).resolves.toBeUndefined();
    await exited;
    expect(threadOf(mailer)).toBeNull();
  } finally {
    await held.close();
  }
});

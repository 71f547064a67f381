import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, type AppConfig } from '#libs/core';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Fixed per delivery, so a resend after a cut-off attempt is recognisable downstream. */
  messageId: string;
}

/** Where email goes. SMTP in every environment; tests point it at an SMTP server they start. */
export abstract class Mailer {
  abstract send(email: OutgoingEmail): Promise<void>;
}

/** What the SMTP thread reports of a failed send: what isPermanentRefusal and describeFailure read, no more. */
interface SendFailure {
  responseCode?: number;
  code?: string;
  message: string;
}

/**
 * The SMTP thread: nodemailer's pooled transport, sending what the worker's thread posts and answering each send
 * by its number. Plain JavaScript in a string because it runs both from dist and under Jest, which compiles the
 * TypeScript sources for its own loader only: a thread started from a file would find no JavaScript there.
 */
const SMTP_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const transport = require(workerData.nodemailer).createTransport(workerData.options);
parentPort.on('message', ({ id, mail }) => {
  transport.sendMail(mail).then(
    () => parentPort.postMessage({ id }),
    (e) => parentPort.postMessage({ id, failure: { responseCode: e.responseCode, code: e.code, message: String(e.message) } }),
  );
});
`;

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

/** A running SMTP thread and the sends it holds, by number. */
interface SmtpThread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Email over SMTP, from a thread of its own (issue 24: email at the pool's speed). Building each message (MIME,
 * quoted-printable, the pool's streams) is most of the worker's time in a backlog: on the worker's own thread it
 * queued behind the batches' database and queue work, one core doing both; in its own thread the two overlap.
 * If the thread stops (out of memory, a crash), the sends it held fail as a connection would, so their
 * deliveries are retried (deliveries.service.ts), and the next send starts a new thread.
 */
@Injectable()
export class SmtpMailer extends Mailer implements OnModuleDestroy {
  private thread: SmtpThread | null = null;
  private nextId = 0;
  private closing = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  send(email: OutgoingEmail): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      // Inside the promise: a thread that cannot start is a failed send, not an exception from send().
      const thread = this.started();
      const id = this.nextId++;
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({
        id,
        mail: { from: this.config.mailFrom, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: email.messageId },
      });
    });
  }

  /** Stops the thread once the sends it holds have settled: the worker's running jobs may still be sending. */
  onModuleDestroy(): void {
    this.closing = true;
    if (this.thread?.pending.size === 0) this.stop(this.thread);
  }

  private started(): SmtpThread {
    if (this.thread) return this.thread;
    const worker = new Worker(SMTP_THREAD, {
      eval: true,
      workerData: {
        nodemailer: createRequire(import.meta.url).resolve('nodemailer'),
        // Pooled: up to five connections kept open and reused, rather than a TCP (and TLS) handshake per email;
        // what SMTP_URL sets wins (`?pool=false` turns it off).
        options: { url: this.config.smtpUrl, pool: true, maxConnections: 5, maxMessages: 100 },
      },
      // Its own heap, bounded: a thread out of memory stops, and its sends are retried. Its young generation at
      // 16 MB: with V8's default the thread added 45–50 MB to the worker's peak, with this 29 MB (docs/performance.md).
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
    });
    const thread: SmtpThread = { worker, pending: new Map() };
    worker.on('message', ({ id, failure }: { id: number; failure?: SendFailure }) => {
      const p = thread.pending.get(id);
      if (!p) return;
      thread.pending.delete(id);
      if (failure) p.reject(Object.assign(new Error(failure.message), { responseCode: failure.responseCode, code: failure.code }));
      else p.resolve();
      if (this.closing && thread.pending.size === 0) this.stop(thread);
    });
    // 'error' comes before 'exit' when the thread fails; 'exit' alone when it is stopped.
    worker.on('error', (err) => this.lost(thread, err));
    worker.on('exit', (code) => this.lost(thread, new Error(`the SMTP thread stopped (exit code ${code})`)));
    this.thread = thread;
    return thread;
  }

  private stop(thread: SmtpThread): void {
    if (this.thread === thread) this.thread = null;
    void thread.worker.terminate();
  }

  /** The thread is gone: the sends it held fail, as over a dropped connection. */
  private lost(thread: SmtpThread, err: Error): void {
    if (this.thread === thread) this.thread = null;
    const failure = Object.assign(new Error(err.message), { code: 'ETHREAD' });
    for (const p of thread.pending.values()) p.reject(failure);
    thread.pending.clear();
  }
}

/** A permanent SMTP refusal (5xx): retrying cannot help. */
export function isPermanentRefusal(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** What went wrong, without message content: the SMTP reply code and a short reason. */
export function describeFailure(err: unknown): string {
  const e = err as { responseCode?: number; code?: string; message?: string };
  return [e.responseCode, e.code, (e.message ?? 'error').split('\n')[0]!.slice(0, 200)].filter((x) => x !== undefined && x !== '').join(' ');
}

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTransport } from 'nodemailer';
import { figures, type Figures } from './stats.js';

/** One email as the worker sends it: the delivery's own address, subject and bodies. */
export interface DirectMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * The baseline of scenario 6: nodemailer sending the very emails the worker sent, with the worker's pool
 * (libs/notifications/mailer.ts: 5 connections, 100 messages each), 8 at a time, to the same SMTP server, from a
 * process of its own, as an application sends: not from inside the SMTP server's process, where each SMTP round
 * trip stays in one event loop. Timed as the worker is, from the first arrival at the server to the last;
 * p50/p99 are single sends.
 *
 * Before stop 39 the baseline sent an 18-byte message from the bench's own process (the SMTP server's): on this
 * machine that ran at 1,650–2,300 msg/s, against 1,150–1,290 for nodemailer sending review-sized emails from
 * another process (docs/performance.md, *Email: the baseline*).
 */
export async function nodemailerDirect(url: string, messages: DirectMessage[], sink: { arrivals: number[] }): Promise<Figures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-mail-'));
  try {
    const file = path.join(dir, 'messages.json');
    writeFileSync(file, JSON.stringify(messages));
    const before = sink.arrivals.length;
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [fileURLToPath(import.meta.url), url, file], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`nodemailer baseline exited with ${code}`))));
    });
    const latencies = JSON.parse(stdout) as number[];
    const arrivals = sink.arrivals.slice(before, before + messages.length);
    const ms = arrivals.length > 1 ? arrivals.at(-1)! - arrivals[0]! : Number.NaN;
    return { ...figures(latencies, ms), throughput: ((arrivals.length - 1) * 1000) / ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child: sends the messages in the file, 8 at a time, and prints each send's time in ms as JSON. */
async function sendAll(url: string, file: string): Promise<void> {
  const messages = JSON.parse(readFileSync(file, 'utf8')) as DirectMessage[];
  const transport = createTransport({ url, pool: true, maxConnections: 5, maxMessages: 100 });
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let m = messages[next++]; m; m = messages[next++]) {
        const t = performance.now();
        await transport.sendMail({
          from: 'bench@scale.invalid',
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          messageId: `<${m.id}@bench.invalid>`,
        });
        latencies.push(performance.now() - t);
      }
    }),
  );
  transport.close();
  process.stdout.write(JSON.stringify(latencies));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await sendAll(process.argv[2]!, process.argv[3]!);

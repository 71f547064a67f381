import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
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

@Injectable()
export class SmtpMailer extends Mailer implements OnModuleDestroy {
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
    // Pooled: up to five connections kept open and reused, rather than a TCP (and TLS) handshake per email; what
    // SMTP_URL sets wins (`?pool=false` turns it off). BullMQ's concurrency decides how many sends are in flight.
    this.transport = createTransport({ url: config.smtpUrl, pool: true, maxConnections: 5, maxMessages: 100 });
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({
      from: this.config.mailFrom,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
    });
  }

  onModuleDestroy(): void {
    this.transport.close();
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

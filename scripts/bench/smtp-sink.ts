import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  /** Arrival time (performance.now()) of every message accepted, in order. */
  arrivals: number[];
  close(): Promise<void>;
}

/** A real SMTP server on a free local port that accepts every message and keeps only its arrival time. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const arrivals: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 200,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        arrivals.push(performance.now());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}`, arrivals, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

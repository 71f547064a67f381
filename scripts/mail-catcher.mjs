// A local SMTP server for `npm start`: the worker's email lands in .data/dev/mail as .eml files (open them in
// any mail client) instead of going nowhere. Only for development: production sets SMTP_URL to a real relay.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Starts the catcher on `port`; resolves to a stop function, or to null when smtp-server is not installed or the port is taken. */
export async function startMailCatcher({ dir, port, log }) {
  let SMTPServer;
  try {
    ({ SMTPServer } = await import('smtp-server'));
  } catch {
    log('mail: smtp-server is not installed (a production install); set SMTP_URL to your mail relay');
    return null;
  }
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        n += 1;
        writeFileSync(path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${n}.eml`), Buffer.concat(chunks));
        callback();
      });
    },
  });
  const started = await new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!started) {
    log(`mail: port ${port} is in use; email goes to whatever listens there`);
    return null;
  }
  log(`mail: SMTP on 127.0.0.1:${port}, messages saved in ${dir}`);
  return () => new Promise((resolve) => server.close(() => resolve()));
}

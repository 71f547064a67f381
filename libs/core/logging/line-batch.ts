/** Every batch not closed, written at exit by one listener however many loggers a process makes. */
const open = new Set<LineBatch>();
const flushOpen = () => open.forEach((batch) => batch.flush());

/**
 * A log destination that gathers the lines written in one turn of the event loop and writes them to the
 * underlying stream together, once the turn ends (setImmediate), or at once when they reach `maxBytes`.
 *
 * Under load an API process logs a line per request; written one at a time, each was a system call of its
 * own (about 5% of the API's CPU on the register page, docs/performance.md). Lines keep their order. What is
 * still gathered when the process exits (process.exit, an uncaught exception, the end of the event loop) is
 * written then, synchronously; only a kill that gives the process no exit at all (SIGKILL, the kernel's OOM
 * killer) loses it, and then at most one turn's lines.
 */
export class LineBatch {
  private lines: string[] = [];
  private bytes = 0;
  private scheduled = false;
  private readonly flushNow = () => this.flush();

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly maxBytes = 64 * 1024,
  ) {
    if (open.size === 0) process.on('exit', flushOpen);
    open.add(this);
  }

  write(line: string): boolean {
    this.lines.push(line);
    this.bytes += line.length;
    if (this.bytes >= this.maxBytes) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushNow);
    }
    return true;
  }

  /** Writes what is gathered, then calls `done` (pino's logger.flush(cb) passes its callback here). */
  flush(done?: () => void): void {
    this.scheduled = false;
    if (this.lines.length > 0) {
      const text = this.lines.length === 1 ? this.lines[0]! : this.lines.join('');
      this.lines = [];
      this.bytes = 0;
      this.out.write(text);
    }
    done?.();
  }

  flushSync(): void {
    this.flush();
  }

  /** Writes what is gathered and leaves the batch out of the exit's writing (for a batch made for a test). */
  close(): void {
    this.flush();
    open.delete(this);
    if (open.size === 0) process.off('exit', flushOpen);
  }
}

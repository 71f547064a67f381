import { pino } from 'pino';
import { LineBatch } from './line-batch.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('LineBatch', () => {
  const batches: LineBatch[] = [];
  const make = (maxBytes?: number) => {
    const writes: string[] = [];
    const batch = new LineBatch({ write: (text: string) => writes.push(text) }, maxBytes);
    batches.push(batch);
    return { batch, writes };
  };
  afterEach(() => batches.splice(0).forEach((b) => b.close()));

  it('writes the lines of one turn together, in order, once the turn ends', async () => {
    const { batch, writes } = make();
    batch.write('a\n');
    batch.write('b\n');
    batch.write('c\n');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['a\nb\nc\n']);
    batch.write('d\n');
    await nextTurn();
    expect(writes).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('writes at once when the lines reach maxBytes, and nothing twice', async () => {
    const { batch, writes } = make(10);
    batch.write('12345\n');
    batch.write('67890\n');
    expect(writes).toEqual(['12345\n67890\n']);
    batch.write('x\n');
    await nextTurn();
    expect(writes).toEqual(['12345\n67890\n', 'x\n']);
  });

  it('flush writes what is gathered; with nothing gathered it writes nothing', async () => {
    const { batch, writes } = make();
    batch.flush();
    expect(writes).toEqual([]);
    batch.write('a\n');
    batch.flushSync();
    expect(writes).toEqual(['a\n']);
    await nextTurn();
    expect(writes).toEqual(['a\n']);
  });

  it("answers pino's logger.flush(cb) once what is gathered is written", () => {
    const { batch, writes } = make();
    const logger = pino({ base: undefined, timestamp: false }, batch);
    logger.info('a');
    let called = false;
    logger.flush(() => (called = true));
    expect(called).toBe(true);
    expect(writes).toEqual(['{"level":30,"msg":"a"}\n']);
  });

  it('one exit listener serves every open batch, and goes with the last (the exit itself: test/logging.spec.ts)', () => {
    const before = process.listenerCount('exit');
    const first = make();
    const second = make();
    expect(process.listenerCount('exit')).toBe(before + 1);
    first.batch.write('a\n');
    first.batch.close();
    expect(first.writes).toEqual(['a\n']);
    expect(process.listenerCount('exit')).toBe(before + 1);
    second.batch.close();
    expect(process.listenerCount('exit')).toBe(before);
  });
});

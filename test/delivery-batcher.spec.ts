import { jest } from '@jest/globals';
import type { DeliveryResult } from '#libs/notifications';
import { DeliveryBatcher, type BatchedDelivery } from '../apps/worker/delivery-batcher.js';

/** How the worker gathers deliver jobs into batches (apps/worker/delivery-batcher.ts), with a send the test settles. */
interface Call {
  jobs: BatchedDelivery[];
  ids: string[];
  settle: (results: DeliveryResult[] | Error) => void;
}

function recorder() {
  const calls: Call[] = [];
  const send = (jobs: BatchedDelivery[]) =>
    new Promise<DeliveryResult[]>((resolve, reject) => {
      calls.push({ jobs, ids: jobs.map((j) => j.deliveryId), settle: (r) => (r instanceof Error ? reject(r) : resolve(r)) });
    });
  return { calls, send };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));
const job = (schoolId: string | null, deliveryId: string) => ({ schoolId, deliveryId, finalAttempt: false });

it('a job alone goes at once, alone', async () => {
  const { calls, send } = recorder();
  const batcher = new DeliveryBatcher(send);
  const outcome = batcher.submit(job('a', 'd1'));
  expect(calls.map((c) => c.ids)).toEqual([['d1']]);
  calls[0]!.settle(['sent']);
  await expect(outcome).resolves.toBe('sent');
  expect(batcher.running).toBe(0);
});

it('jobs that arrive while batches run go together, of any schools, oldest first, at most maxBatch', async () => {
  const { calls, send } = recorder();
  // No wait for company (gatherMs 0): a free slot takes whatever is waiting.
  const batcher = new DeliveryBatcher(send, 3, 2, 0);
  const first = [batcher.submit(job('a', 'a1')), batcher.submit(job('b', 'b1'))];
  const waiting = ['a2', 'b2', 'a3', 'a4', 'c1'].map((id) => batcher.submit(job(id[0]!, id)));
  expect(calls.map((c) => c.ids)).toEqual([['a1'], ['b1']]);
  calls[0]!.settle(['sent']);
  await flush();
  expect(calls.map((c) => c.ids)).toEqual([['a1'], ['b1'], ['a2', 'b2', 'a3']]);
  expect(calls[2]!.jobs.map((j) => j.schoolId)).toEqual(['a', 'b', 'a']);
  calls[1]!.settle(['busy']);
  await flush();
  expect(calls[3]!.ids).toEqual(['a4', 'c1']);
  calls[2]!.settle(['sent', 'already-final', 'bounced']);
  calls[3]!.settle(['sent', 'failed']);
  await expect(Promise.all(first)).resolves.toEqual(['sent', 'busy']);
  await expect(Promise.all(waiting)).resolves.toEqual(['sent', 'already-final', 'bounced', 'sent', 'failed']);
  expect(batcher.running).toBe(0);
});

it('platform mail (no school) is a batch of its own', async () => {
  const { calls, send } = recorder();
  const batcher = new DeliveryBatcher(send, 10, 1);
  void batcher.submit(job('a', 'a1'));
  const rest = [batcher.submit(job(null, 'p1')), batcher.submit(job('a', 'a2')), batcher.submit(job(null, 'p2'))];
  calls[0]!.settle(['sent']);
  await flush();
  expect(calls[1]!.ids).toEqual(['p1', 'p2']);
  calls[1]!.settle(['sent', 'sent']);
  await flush();
  expect(calls[2]!.ids).toEqual(['a2']);
  calls[2]!.settle(['sent']);
  await expect(Promise.all(rest)).resolves.toEqual(['sent', 'sent', 'sent']);
});

it('a retry fails only its own job; a batch that fails as a whole fails each of its jobs', async () => {
  const { calls, send } = recorder();
  const batcher = new DeliveryBatcher(send, 10, 1);
  const lone = batcher.submit(job('a', 'a0'));
  const both = [batcher.submit(job('a', 'a1')), batcher.submit(job('b', 'b1'))];
  const temporary = new Error('451');
  calls[0]!.settle([{ retry: temporary }]);
  await expect(lone).rejects.toBe(temporary);
  await flush();
  const down = new Error('database away');
  calls[1]!.settle(down);
  await expect(both[0]).rejects.toBe(down);
  await expect(both[1]).rejects.toBe(down);
  expect(batcher.running).toBe(0);
});

describe('waiting for company while batches run', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('a job that arrives while a batch runs waits gatherMs for others, then goes with what came', async () => {
    const { calls, send } = recorder();
    const batcher = new DeliveryBatcher(send, 10, 2, 5);
    void batcher.submit(job('a', 'a1'));
    void batcher.submit(job('b', 'b1'));
    jest.advanceTimersByTime(3);
    void batcher.submit(job('c', 'c1'));
    // A slot is free, but a batch of one between two full ones is what the wait avoids.
    expect(calls.map((c) => c.ids)).toEqual([['a1']]);
    jest.advanceTimersByTime(2);
    expect(calls.map((c) => c.ids)).toEqual([['a1'], ['b1', 'c1']]);
  });

  it('a full batch does not wait', () => {
    const { calls, send } = recorder();
    const batcher = new DeliveryBatcher(send, 2, 2, 5);
    for (const id of ['a1', 'b1', 'c1']) void batcher.submit(job(id[0]!, id));
    expect(calls.map((c) => c.ids)).toEqual([['a1'], ['b1', 'c1']]);
  });

  it('jobs that have waited their time go as soon as a slot frees, without waiting again', async () => {
    const { calls, send } = recorder();
    const batcher = new DeliveryBatcher(send, 10, 1, 5);
    void batcher.submit(job('a', 'a1'));
    const b1 = batcher.submit(job('b', 'b1'));
    jest.advanceTimersByTime(20);
    expect(calls.map((c) => c.ids)).toEqual([['a1']]);
    calls[0]!.settle(['sent']);
    await flush();
    expect(calls.map((c) => c.ids)).toEqual([['a1'], ['b1']]);
    calls[1]!.settle(['sent']);
    await expect(b1).resolves.toBe('sent');
  });
});

import { FENCE_TTL_MS, MemoryWriteFences } from './write-fences.js';

const pos = (n: number) => String(n).padStart(20, '0');

describe('MemoryWriteFences', () => {
  it('gives the furthest position recorded for any school of the scope, and null for a school that wrote nothing', async () => {
    const fences = new MemoryWriteFences(() => 1_000);
    await fences.record(['a'], pos(500));
    await fences.record(['b', 'c'], pos(90));
    expect(await fences.furthest(['b', 'a'])).toBe(pos(500));
    expect(await fences.furthest(['c'])).toBe(pos(90));
    expect(await fences.furthest(['d'])).toBeNull();
    expect(await fences.furthest([])).toBeNull();
  });

  it('keeps the greater position when writes finish out of order', async () => {
    const fences = new MemoryWriteFences(() => 1_000);
    await fences.record(['a'], pos(1_000_000));
    await fences.record(['a'], pos(999));
    expect(await fences.furthest(['a'])).toBe(pos(1_000_000));
  });

  it('forgets a fence once it expires', async () => {
    let now = 0;
    const fences = new MemoryWriteFences(() => now);
    await fences.record(['a'], pos(7));
    now = FENCE_TTL_MS - 1;
    expect(await fences.furthest(['a'])).toBe(pos(7));
    now = FENCE_TTL_MS;
    expect(await fences.furthest(['a'])).toBeNull();
  });
});

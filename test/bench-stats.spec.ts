import { figures, medianFigures, percentile } from '../scripts/bench/stats.js';

describe('benchmark statistics (scripts/bench/stats.ts)', () => {
  it('takes the nearest-rank percentile of sorted values', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('reports latencies in any order, and throughput over the wall time', () => {
    expect(figures([30, 10, 20, 40], 2000, 1)).toEqual({ n: 4, p50: 20, p99: 40, throughput: 2, errors: 1 });
  });

  it('takes each figure as the median of rounds and adds up counts and errors', () => {
    const a = { n: 10, p50: 5, p99: 50, throughput: 100, errors: 0 };
    const b = { n: 12, p50: 9, p99: 20, throughput: 300, errors: 1 };
    const c = { n: 11, p50: 7, p99: 90, throughput: 200, errors: 0 };
    expect(medianFigures([a, b, c])).toEqual({ n: 33, p50: 7, p99: 50, throughput: 200, errors: 1 });
    expect(medianFigures([a, b]).p50).toBe(7);
  });
});

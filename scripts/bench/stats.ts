/** Latency figures from a list of durations in milliseconds. */
export interface Figures {
  /** Requests (or operations) measured. */
  n: number;
  p50: number;
  p99: number;
  /** Completed per second over the measured wall time. */
  throughput: number;
  errors: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function figures(latenciesMs: number[], wallMs: number, errors = 0): Figures {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    throughput: wallMs > 0 ? (sorted.length * 1000) / wallMs : Number.NaN,
    errors,
  };
}

export const round = (x: number, digits = 2): number => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Each figure the median of the runs' (n and errors summed). */
export function medianFigures(runs: Figures[]): Figures {
  return {
    n: runs.reduce((a, r) => a + r.n, 0),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    throughput: median(runs.map((r) => r.throughput)),
    errors: runs.reduce((a, r) => a + r.errors, 0),
  };
}

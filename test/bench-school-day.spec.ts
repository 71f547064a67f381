import { ENGLAND, englandPeak, englandRates, highestRateHeld, mixWeights } from '../scripts/bench/school-day.js';

describe("the school day's mix (scripts/bench/school-day.ts)", () => {
  it("adds up England's peak from the assumptions docs/performance.md states", () => {
    const rates = englandRates();
    // 22,000 schools × 12 sessions × half in 30 minutes: 73 recorded a second, each with 9.2 reads of My sessions.
    expect(rates.record).toBeCloseTo(73.33, 2);
    expect(rates.sessions).toBeCloseTo(73.33 * 9.2, 0);
    // A third of 22,000 SENCOs, a page a minute: 122 pages a second, 40% register pages (2 requests), 60% pupil pages (4).
    expect(rates.register).toBeCloseTo(97.8, 1);
    expect(rates.pupil).toBeCloseTo(293.3, 1);
    expect(rates.parent).toBeCloseTo(6.59, 2);
    expect(rates.dashboard).toBeCloseTo(2.44, 2);
    expect(Math.round(englandPeak())).toBe(1722);
    expect(englandPeak({ ...ENGLAND, busiestMinute: 1 })).toBeCloseTo(1722 / 1.5, 0);
  });

  it("weighs the mix by England's shares, raising the rare kinds to the floor", () => {
    const weights = mixWeights();
    expect(Object.values(weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(weights.parent).toBe(0.01);
    expect(weights.dashboard).toBe(0.01);
    const rates = englandRates();
    expect(weights.sessions / weights.record).toBeCloseTo(rates.sessions / rates.record, 10);
    expect(weights.pupil / weights.register).toBeCloseTo(rates.pupil / rates.register, 10);
    // With no floor, the weights are England's shares exactly.
    const total = Object.values(rates).reduce((a, b) => a + b, 0);
    expect(mixWeights(0).dashboard).toBeCloseTo(rates.dashboard / total, 10);
  });

  describe('the search for the highest rate held at p99 ≤ 100 ms', () => {
    // A machine that holds every rate up to `limit`: the rates the search tries, and what it reports.
    const machine = (limit: number) => {
      const tried: number[] = [];
      const holds = (rate: number) => {
        tried.push(rate);
        return Promise.resolve(rate <= limit ? { rate } : null);
      };
      return { tried, holds };
    };

    it('doubles from the start until a rate fails, then bisects to within 5%', async () => {
      const { tried, holds } = machine(130);
      expect(await highestRateHeld(holds, 44, 220)).toEqual({ rate: 127 });
      expect(tried).toEqual([44, 88, 176, 132, 110, 121, 127]);
    });

    it('where the start fails, halves until a rate holds, then bisects between it and the lowest that failed', async () => {
      const { tried, holds } = machine(30);
      expect(await highestRateHeld(holds, 44, 220)).toEqual({ rate: 30 });
      expect(tried).toEqual([44, 22, 33, 28, 31, 30]);
    });

    it('reports none where not even a quarter of the start holds, and goes no lower', async () => {
      const { tried, holds } = machine(8);
      expect(await highestRateHeld(holds, 44, 220)).toBeNull();
      expect(tried).toEqual([44, 22, 11]);
      expect((await highestRateHeld(machine(0).holds, 10, 50)) ?? 'none').toBe('none');
    });
  });
});

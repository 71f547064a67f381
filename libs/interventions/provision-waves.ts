import type { EntityManager } from 'typeorm';

/**
 * The three waves of the graduated response (docs/domain.md): quality-first teaching in class (wave 1), group
 * interventions (wave 2), and individual or specialist support (wave 3). A catalogue intervention run for one
 * pupil at a time is wave 3, any other wave 2; wave 1 is the adjustments in class the SENCO records for pupils
 * (ordinarily available provision, docs/oap.md), which cost no intervention time and so have no figure here.
 */
export type Wave = 1 | 2 | 3;

export const WAVE_LABELS: Record<Wave, string> = {
  1: 'Wave 1: quality-first teaching, adjustments in class',
  2: 'Wave 2: group interventions',
  3: 'Wave 3: individual and specialist support',
};

export interface WaveFigures {
  wave: Wave;
  label: string;
  pupils: number;
  groups: number;
  deliveredHours: number | null;
  costPence: number | null;
}

export const waveOf = (groupSize: number | null): 2 | 3 => (groupSize === 1 ? 3 : 2);

/** Pupils with an adjustment in class in force during the period (recorded as started by its end). */
export async function wave1Pupils(m: EntityManager, schoolId: string, to: string): Promise<number> {
  const [row] = await m.query<{ n: number }[]>(`select count(distinct pupil_id)::int as n from oap_adjustments where school_id = $1 and started_on <= $2`, [
    schoolId,
    to,
  ]);
  return row?.n ?? 0;
}

/** The provision map read by wave: wave 1 from the adjustments, waves 2 and 3 from the groups that ran. */
export function byWave(
  wave1: number,
  groups: { id: string; groupSize: number | null; deliveredMinutes: number; costPence: number | null }[],
  pupilsIn: (groupIds: Set<string>) => number,
): WaveFigures[] {
  const out: WaveFigures[] = [{ wave: 1, label: WAVE_LABELS[1], pupils: wave1, groups: 0, deliveredHours: null, costPence: null }];
  for (const wave of [2, 3] as const) {
    const gs = groups.filter((g) => waveOf(g.groupSize) === wave);
    const costs = gs.map((g) => g.costPence);
    out.push({
      wave,
      label: WAVE_LABELS[wave],
      pupils: pupilsIn(new Set(gs.map((g) => g.id))),
      groups: gs.length,
      deliveredHours: Math.round((gs.reduce((a, g) => a + g.deliveredMinutes, 0) / 60) * 100) / 100,
      costPence: gs.length === 0 || costs.every((c) => c === null) ? null : Math.round(costs.reduce<number>((a, c) => a + (c ?? 0), 0)),
    });
  }
  return out;
}

import type { EntityManager } from 'typeorm';
import { together } from '#libs/database';
import type { FrequencyPeriod } from '#libs/vocabulary';
import type { DeliveredProvision, ExpectationResult } from './domain/compare.js';

/** One reviewed plan cycle beside the framework: its dates, and whether every expectation was evidenced within it. */
export interface OapCycle {
  cycleId: string;
  /** The plan's start (the first agreed version's), or the day the cycle opened. */
  from: string;
  /** The day it was reviewed. */
  to: string;
  /** Every expectation for the pupil's areas evidenced (or not applicable) within the cycle, and at least one evidenced. */
  fullyEvidenced: boolean;
  /** What was delivered within it, in the school's words (for the evidence): lines, groups attended, adjustments. */
  delivered: string[];
  /** Whether the review found every target achieved (null: it recorded no outcome). */
  targetsMet: boolean | null;
}

type Delivered = {
  cycle_id: string;
  description: string;
  intervention_name: string | null;
  frequency_count: number | null;
  frequency_period: FrequencyPeriod | null;
};
export type ReviewedCycleRows = [
  { id: string; pupil_id: string; from_on: string; to_on: string; targets_met: boolean | null }[],
  Delivered[],
  (Delivered & { attended: number })[],
];

/**
 * What each reviewed cycle of the pupils delivered, dated by the cycle (three queries for one pupil or a school, sent together):
 * the provision lines of the cycle's agreed versions, and the groups the pupil attended between the plan's start
 * and the review. Adjustments in force are those started by the review (oap_adjustments have no end).
 */
export async function reviewedCycleEvidence(m: EntityManager, params: unknown[]): Promise<ReviewedCycleRows> {
  // Each cycle's first agreed version, found once for the pupils' versions and joined: as a subquery per cycle
  // the planner read every version of the school for each row of the join below (1.5 s for a 2,000-pupil
  // school at 2,400 schools, 27 ms this way; docs/performance.md).
  const windows = `select c.id, c.school_id, c.pupil_id, coalesce(v.agreed_from, c.activated_on, c.opened_on) as from_on, c.reviewed_on as to_on
       from plan_cycles c
       left join (select v.cycle_id, min(v.starts_on) as agreed_from from plan_versions v
                   where v.school_id = $1 and v.pupil_id = any($2::uuid[]) and v.agreed_on is not null group by v.cycle_id) v on v.cycle_id = c.id
      where c.school_id = $1 and c.pupil_id = any($2::uuid[]) and c.reviewed_on is not null`;
  return together<ReviewedCycleRows>(m, [
    () =>
      m.query(
        `select w.id, w.pupil_id, w.from_on::text as from_on, w.to_on::text as to_on, t.targets_met
         from (${windows}) w
         left join (select r.school_id, r.cycle_id, bool_and(o.outcome = 'achieved') as targets_met
                      from plan_reviews r join review_outcomes o on o.school_id = r.school_id and o.review_id = r.id
                     where r.school_id = $1 and r.pupil_id = any($2::uuid[]) group by r.school_id, r.cycle_id) t on t.school_id = w.school_id and t.cycle_id = w.id
        order by w.to_on, w.id`,
        params,
      ),
    () =>
      m.query(
        `select v.cycle_id, pp.description, i.name as intervention_name, pp.frequency_count, pp.frequency_period
         from plan_provisions pp join plan_versions v on v.school_id = pp.school_id and v.id = pp.version_id
         join plan_cycles c on c.school_id = v.school_id and c.id = v.cycle_id
         left join interventions i on i.school_id = pp.school_id and i.id = pp.intervention_id
        where pp.school_id = $1 and pp.pupil_id = any($2::uuid[]) and v.agreed_on is not null and c.reviewed_on is not null
        order by v.version, pp.position`,
        params,
      ),
    () =>
      m.query(
        `select w.id as cycle_id, i.name as description, i.name as intervention_name, i.frequency_count, i.frequency_period, count(*)::int as attended
         from (${windows}) w
         join group_enrolments e on e.school_id = w.school_id and e.pupil_id = w.pupil_id
         join intervention_groups g on g.school_id = e.school_id and g.id = e.group_id
         join interventions i on i.school_id = g.school_id and i.id = g.intervention_id
         join intervention_sessions s on s.school_id = g.school_id and s.group_id = g.id and s.status = 'delivered' and s.date between w.from_on and w.to_on
         join session_attendance a on a.school_id = s.school_id and a.session_id = s.id and a.pupil_id = w.pupil_id and a.present
        group by w.id, i.id, i.name, i.frequency_count, i.frequency_period`,
        params,
      ),
  ]);
}

/** The pupil's reviewed cycles, oldest first, each compared with the framework on what it delivered. */
export function evidencedCycles(
  [windows, lines, groups]: ReviewedCycleRows,
  pupilId: string,
  compare: (delivered: DeliveredProvision[], asOf: string) => ExpectationResult[],
): OapCycle[] {
  return windows
    .filter((w) => w.pupil_id === pupilId)
    .map((w) => {
      const delivered: DeliveredProvision[] = [
        ...lines.filter((l) => l.cycle_id === w.id).map((l) => ({ ...provision(l), source: 'plan_provision' as const, sessionsAttended: null })),
        ...groups.filter((g) => g.cycle_id === w.id).map((g) => ({ ...provision(g), source: 'intervention' as const, sessionsAttended: g.attended })),
      ];
      const results = compare(delivered, w.to_on);
      const fullyEvidenced = results.some((r) => r.status === 'evidenced') && results.every((r) => r.status !== 'not_evidenced');
      const shown = results.filter((r) => r.status === 'evidenced').map((r) => r.evidenceDescription ?? r.code);
      return { cycleId: w.id, from: w.from_on, to: w.to_on, fullyEvidenced, delivered: [...new Set(shown)], targetsMet: w.targets_met };
    });
}

function provision(l: Delivered) {
  return { description: l.description, interventionName: l.intervention_name, frequencyCount: l.frequency_count, frequencyPeriod: l.frequency_period };
}

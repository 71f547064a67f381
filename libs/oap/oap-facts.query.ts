import type { EntityManager } from 'typeorm';
import { together, withoutNestedLoops, type SchoolScope } from '#libs/database';
import { AREA_LABELS, areaOfNeed, type AreaOfNeed, type NeedCode } from '#libs/register';
import type { FrequencyPeriod } from '#libs/vocabulary';
import { compareWithFramework, type DeliveredProvision, type ExpectationResult } from './domain/compare.js';
import { frameworkForSchool, type SchoolFramework } from './framework.query.js';
import { OapSchoolExpectation } from './school-expectation.entity.js';
import { toInput } from './school-offer.service.js';
import { evidencedCycles, reviewedCycleEvidence, type OapCycle, type ReviewedCycleRows } from './reviewed-cycles.js';

export interface PupilOapFacts {
  areas: AreaOfNeed[];
  results: ExpectationResult[];
  adjustments: { id: string; expectationCode: string | null; description: string; startedOn: string }[];
  /** Each reviewed plan cycle, oldest first: was the framework evidenced within it (reviewed-cycles.ts)? */
  cycles: OapCycle[];
}

/**
 * Each pupil beside the school's framework, for one pupil or a whole school in a fixed number of queries (none per
 * pupil), so the quality check's school list can use it. A pupil's areas of need are the current SEN status's
 * primary and secondary needs and the areas the plan in place describes.
 */
export async function oapFactsFor(
  m: EntityManager,
  school: SchoolScope,
  pupilIds: string[],
  today: string,
): Promise<{ found: SchoolFramework | null; pupils: Map<string, PupilOapFacts> }> {
  const pupils = new Map<string, PupilOapFacts>(pupilIds.map((id) => [id, { areas: [], results: [], adjustments: [], cycles: [] }]));
  if (pupilIds.length === 0) return { found: await frameworkForSchool(m, school, today), pupils };
  const params = [school.schoolId, pupilIds];
  type Line = {
    pupil_id: string;
    description: string;
    intervention_name: string | null;
    frequency_count: number | null;
    frequency_period: FrequencyPeriod | null;
  };
  // For a school's pupils, hash joins: each table read once (withoutNestedLoops says why).
  type Facts = [
    { pupil_id: string; primary_need: NeedCode | null; secondary_need: NeedCode | null }[],
    { pupil_id: string; area: string }[],
    { id: string; pupil_id: string; expectation_code: string | null; description: string; started_on: string }[],
    { pupil_id: string; expectation_code: string; reason: string }[],
    Line[],
    (Line & { attended: number })[],
    ReviewedCycleRows,
  ];
  // Sent together: none needs the rows of another.
  const reads = (): Promise<Facts> =>
    together<Facts>(m, [
      () =>
        m.query<Facts[0]>(
          `select pupil_id, primary_need, secondary_need from sen_status_entries where school_id = $1 and pupil_id = any($2::uuid[]) and end_date is null`,
          params,
        ),
      () =>
        m.query<Facts[1]>(
          `select distinct v.pupil_id, n->>'area' as area from plan_versions v join plan_cycles c on c.school_id = v.school_id and c.id = v.cycle_id, jsonb_array_elements(v.needs) n
        where v.school_id = $1 and v.pupil_id = any($2::uuid[]) and v.status = 'active' and c.status = 'active'`,
          params,
        ),
      () =>
        m.query<Facts[2]>(
          `select id, pupil_id, expectation_code, description, started_on::text as started_on from oap_adjustments
        where school_id = $1 and pupil_id = any($2::uuid[]) order by started_on, created_at`,
          params,
        ),
      () => m.query<Facts[3]>(`select pupil_id, expectation_code, reason from oap_not_applicable where school_id = $1 and pupil_id = any($2::uuid[])`, params),
      () =>
        m.query<Facts[4]>(
          `select pp.pupil_id, pp.description, i.name as intervention_name, pp.frequency_count, pp.frequency_period
         from plan_provisions pp join plan_versions v on v.school_id = pp.school_id and v.id = pp.version_id
         join plan_cycles c on c.school_id = v.school_id and c.id = v.cycle_id
         left join interventions i on i.school_id = pp.school_id and i.id = pp.intervention_id
        where pp.school_id = $1 and pp.pupil_id = any($2::uuid[]) and v.status = 'active' and c.status = 'active' order by pp.position`,
          params,
        ),
      // Sessions delivered that the pupil attended: enrolment alone is no evidence.
      () =>
        m.query<Facts[5]>(
          `select e.pupil_id, i.name as description, i.name as intervention_name, i.frequency_count, i.frequency_period, count(a.session_id)::int as attended
         from group_enrolments e join intervention_groups g on g.school_id = e.school_id and g.id = e.group_id
         join interventions i on i.school_id = g.school_id and i.id = g.intervention_id
         left join intervention_sessions s on s.school_id = g.school_id and s.group_id = g.id and s.status = 'delivered'
         left join session_attendance a on a.school_id = s.school_id and a.session_id = s.id and a.pupil_id = e.pupil_id and a.present
        where e.school_id = $1 and e.pupil_id = any($2::uuid[])
        group by e.school_id, e.id, i.school_id, i.id order by e.starts_on, e.id`,
          params,
        ),
      () => reviewedCycleEvidence(m, params),
    ]);
  // The authority's expectations and the school's own offer beside them (school-offer.service.ts), with the pupils' facts.
  const [found, own, [needs, planAreas, adjustments, marks, lines, groups, reviewed]] = await together<[SchoolFramework | null, OapSchoolExpectation[], Facts]>(
    m,
    [
      () => frameworkForSchool(m, school, today),
      () => m.find(OapSchoolExpectation, { where: { schoolId: school.schoolId }, order: { position: 'ASC' } }),
      () => (pupilIds.length > 1 ? withoutNestedLoops(m, reads) : reads()),
    ],
  );
  const expectations = [
    ...(found?.expectations ?? []).map((e) => ({ ...e, evidence: e.evidenceKind, own: false })),
    ...own.map((e) => ({ ...toInput(e), own: true })),
  ];
  const areas = new Map<string, Set<AreaOfNeed>>(pupilIds.map((id) => [id, new Set()]));
  for (const n of needs) {
    for (const need of [n.primary_need, n.secondary_need]) {
      const area = need ? areaOfNeed(need) : null;
      if (area) areas.get(n.pupil_id)?.add(area);
    }
  }
  for (const p of planAreas) if (p.area in AREA_LABELS) areas.get(p.pupil_id)?.add(p.area as AreaOfNeed);
  const delivered = new Map<string, DeliveredProvision[]>(pupilIds.map((id) => [id, []]));
  for (const l of lines) delivered.get(l.pupil_id)?.push({ ...provision(l), source: 'plan_provision', sessionsAttended: null });
  for (const g of groups) delivered.get(g.pupil_id)?.push({ ...provision(g), source: 'intervention', sessionsAttended: g.attended });
  for (const [id, facts] of pupils) {
    facts.areas = [...areas.get(id)!].sort();
    facts.adjustments = adjustments
      .filter((a) => a.pupil_id === id)
      .map((a) => ({ id: a.id, expectationCode: a.expectation_code, description: a.description, startedOn: a.started_on }));
    if (expectations.length === 0) continue;
    const notApplicable = new Map(marks.filter((n) => n.pupil_id === id).map((n) => [n.expectation_code.toLowerCase(), n.reason]));
    facts.results = compareWithFramework(expectations, new Set(facts.areas), delivered.get(id)!, facts.adjustments, notApplicable);
    facts.cycles = evidencedCycles(reviewed, id, (inCycle, asOf) =>
      compareWithFramework(
        expectations,
        new Set(facts.areas),
        inCycle,
        facts.adjustments.filter((a) => a.startedOn <= asOf),
        notApplicable,
      ),
    );
  }
  return { found, pupils };
}

function provision(l: { description: string; intervention_name: string | null; frequency_count: number | null; frequency_period: FrequencyPeriod | null }) {
  return { description: l.description, interventionName: l.intervention_name, frequencyCount: l.frequency_count, frequencyPeriod: l.frequency_period };
}

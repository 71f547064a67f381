import { Injectable } from '@nestjs/common';
import { invalid, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { AREA_LABELS, areaOfNeed, type AreaOfNeed, type NeedCode } from '#libs/register';
import type { FrequencyPeriod } from '#libs/vocabulary';
import { OapAdjustment } from './adjustment.entity.js';
import { compareWithFramework, plainWords, type DeliveredProvision, type ExpectationResult } from './domain/compare.js';
import { frameworkForSchool, type SchoolFramework } from './framework.query.js';
import { OapNotApplicable } from './not-applicable.entity.js';

export interface PupilComparison {
  framework: { id: string; laCode: string; name: string; version: number; effectiveFrom: string; sourceCitation: string; scale: string[] } | null;
  areas: { code: AreaOfNeed; label: string }[];
  expectations: (ExpectationResult & { plain: string })[];
  summary: { evidenced: number; notEvidenced: number; notApplicable: number };
  adjustments: { id: string; expectationCode: string | null; description: string; startedOn: string }[];
}

export interface AdjustmentInput {
  expectationCode: string | null;
  description: string;
  startedOn: string;
}

/**
 * A pupil beside their authority's ordinarily available provision: the areas of need (the current SEN status's
 * needs and the plan in place's), what the plan, the groups attended and the adjustments in class evidence, and
 * the SENCO's "not applicable" marks. The caller has already checked the pupil is theirs to see.
 */
@Injectable()
export class PupilOapService {
  constructor(private readonly tx: TenantTransactions) {}

  async compare(school: SchoolScope, pupilId: string, today: string): Promise<PupilComparison> {
    const m = this.tx.manager();
    const found = await frameworkForSchool(m, school, today);
    const areas = await this.areasOf(school, pupilId);
    const adjustments = await m.find(OapAdjustment, { where: { schoolId: school.schoolId, pupilId }, order: { startedOn: 'ASC', createdAt: 'ASC' } });
    const marks = await m.find(OapNotApplicable, { where: { schoolId: school.schoolId, pupilId } });
    const results = found
      ? compareWithFramework(
          found.expectations.map((e) => ({ ...e, evidence: e.evidenceKind })),
          new Set(areas),
          await this.delivered(school, pupilId),
          adjustments,
          new Map(marks.map((n) => [n.expectationCode.toLowerCase(), n.reason])),
        )
      : [];
    const count = (s: ExpectationResult['status']) => results.filter((r) => r.status === s).length;
    return {
      framework: found ? frameworkDto(found) : null,
      areas: areas.map((code) => ({ code, label: AREA_LABELS[code] })),
      expectations: results.map((r) => ({ ...r, plain: plainWords(r) })),
      summary: { evidenced: count('evidenced'), notEvidenced: count('not_evidenced'), notApplicable: count('not_applicable') },
      adjustments: adjustments.map((a) => ({ id: a.id, expectationCode: a.expectationCode, description: a.description, startedOn: a.startedOn })),
    };
  }

  async recordAdjustment(school: SchoolScope, pupilId: string, input: AdjustmentInput, today: string): Promise<void> {
    if (input.expectationCode !== null) await this.requireCode(school, input.expectationCode, today, 'expectationCode');
    if (input.startedOn > today) throw invalid([{ field: 'startedOn', message: 'cannot be in the future' }]);
    await this.tx.manager().insert(OapAdjustment, { schoolId: school.schoolId, pupilId, ...input, recordedBy: requestContext.get()?.userId ?? null });
  }

  /** Marks an expectation not applicable to the pupil with the reason, or (reason null) removes the mark. */
  async markNotApplicable(school: SchoolScope, pupilId: string, code: string, reason: string | null, today: string): Promise<void> {
    const m = this.tx.manager();
    const canonical = await this.requireCode(school, code, today, 'expectationCode');
    await m.delete(OapNotApplicable, { schoolId: school.schoolId, pupilId, expectationCode: canonical });
    if (reason !== null) {
      await m.insert(OapNotApplicable, {
        schoolId: school.schoolId,
        pupilId,
        expectationCode: canonical,
        reason,
        recordedBy: requestContext.get()?.userId ?? null,
      });
    }
  }

  async frameworkOf(school: SchoolScope, today: string): Promise<SchoolFramework | null> {
    return frameworkForSchool(this.tx.manager(), school, today);
  }

  private async requireCode(school: SchoolScope, code: string, today: string, field: string): Promise<string> {
    const found = await frameworkForSchool(this.tx.manager(), school, today);
    if (!found) throw invalid([{ field, message: "the school's local authority has no ordinarily available provision framework here yet" }]);
    const e = found.expectations.find((x) => x.code.toLowerCase() === code.trim().toLowerCase());
    if (!e) throw invalid([{ field, message: `"${code.slice(0, 40)}" is not an expectation of ${found.framework.name}` }]);
    return e.code;
  }

  /** The current SEN status's primary and secondary needs, and the areas the plan in place describes. */
  private async areasOf(school: SchoolScope, pupilId: string): Promise<AreaOfNeed[]> {
    const m = this.tx.manager();
    const status = await m.query<{ primary_need: NeedCode | null; secondary_need: NeedCode | null }[]>(
      `select primary_need, secondary_need from sen_status_entries where school_id = $1 and pupil_id = $2 and end_date is null`,
      [school.schoolId, pupilId],
    );
    const plan = await m.query<{ area: string }[]>(
      `select distinct n->>'area' as area from plan_versions v join plan_cycles c on c.id = v.cycle_id, jsonb_array_elements(v.needs) n
        where v.school_id = $1 and v.pupil_id = $2 and v.status = 'active' and c.status = 'active'`,
      [school.schoolId, pupilId],
    );
    const areas = new Set<AreaOfNeed>();
    for (const s of status) for (const need of [s.primary_need, s.secondary_need]) if (need && areaOfNeed(need)) areas.add(areaOfNeed(need)!);
    for (const p of plan) if (p.area in AREA_LABELS) areas.add(p.area as AreaOfNeed);
    return [...areas].sort();
  }

  /** The plan in place's provision lines, and the pupil's groups with the delivered sessions they attended. */
  private async delivered(school: SchoolScope, pupilId: string): Promise<DeliveredProvision[]> {
    const m = this.tx.manager();
    type Row = { description: string; intervention_name: string | null; frequency_count: number | null; frequency_period: FrequencyPeriod | null };
    const lines = await m.query<Row[]>(
      `select pp.description, i.name as intervention_name, pp.frequency_count, pp.frequency_period
         from plan_provisions pp join plan_versions v on v.id = pp.version_id join plan_cycles c on c.id = v.cycle_id
         left join interventions i on i.id = pp.intervention_id
        where pp.school_id = $1 and pp.pupil_id = $2 and v.status = 'active' and c.status = 'active' order by pp.position`,
      [school.schoolId, pupilId],
    );
    const groups = await m.query<(Row & { attended: number })[]>(
      `select i.name as description, i.name as intervention_name, i.frequency_count, i.frequency_period,
              (select count(*)::int from intervention_sessions s join session_attendance a on a.session_id = s.id and a.pupil_id = e.pupil_id
                where s.group_id = g.id and s.status = 'delivered' and a.present) as attended
         from group_enrolments e join intervention_groups g on g.id = e.group_id join interventions i on i.id = g.intervention_id
        where e.school_id = $1 and e.pupil_id = $2 order by e.starts_on, e.id`,
      [school.schoolId, pupilId],
    );
    return [
      ...lines.map((l) => ({
        source: 'plan_provision' as const,
        description: l.description,
        interventionName: l.intervention_name,
        frequencyCount: l.frequency_count,
        frequencyPeriod: l.frequency_period,
        sessionsAttended: null,
      })),
      ...groups.map((g) => ({
        source: 'intervention' as const,
        description: g.description,
        interventionName: g.intervention_name,
        frequencyCount: g.frequency_count,
        frequencyPeriod: g.frequency_period,
        sessionsAttended: g.attended,
      })),
    ];
  }
}

function frameworkDto({ framework: f }: SchoolFramework): NonNullable<PupilComparison['framework']> {
  return { id: f.id, laCode: f.laCode, name: f.name, version: f.version, effectiveFrom: f.effectiveFrom, sourceCitation: f.sourceCitation, scale: f.scale };
}

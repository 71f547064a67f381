import { Injectable } from '@nestjs/common';
import { invalid, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { AREA_LABELS, type AreaOfNeed } from '#libs/register';
import { OapAdjustment } from './adjustment.entity.js';
import { plainWords, type ExpectationResult } from './domain/compare.js';
import { frameworkForSchool, type SchoolFramework } from './framework.query.js';
import { OapNotApplicable } from './not-applicable.entity.js';
import { oapFactsFor } from './oap-facts.query.js';

export interface PupilComparison {
  framework: { id: string; laCode: string; name: string; version: number; effectiveFrom: string; sourceCitation: string; scale: string[] } | null;
  areas: { code: AreaOfNeed; label: string }[];
  expectations: (ExpectationResult & { plain: string; own: boolean })[];
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
    const { found, pupils } = await oapFactsFor(this.tx.manager(), school, [pupilId], today);
    const { areas, results, adjustments } = pupils.get(pupilId)!;
    const count = (s: ExpectationResult['status']) => results.filter((r) => r.status === s).length;
    return {
      framework: found ? frameworkDto(found) : null,
      areas: areas.map((code) => ({ code, label: AREA_LABELS[code] })),
      expectations: results.map((r) => ({ ...r, plain: plainWords(r), own: r.own ?? false })),
      summary: { evidenced: count('evidenced'), notEvidenced: count('not_evidenced'), notApplicable: count('not_applicable') },
      adjustments,
    };
  }

  async recordAdjustment(school: SchoolScope, pupilId: string, input: AdjustmentInput, today: string): Promise<void> {
    if (input.expectationCode !== null) await this.requireCode(school, input.expectationCode, 'expectationCode');
    if (input.startedOn > today) throw invalid([{ field: 'startedOn', message: 'cannot be in the future' }]);
    await this.tx.manager().insert(OapAdjustment, { schoolId: school.schoolId, pupilId, ...input, recordedBy: requestContext.get()?.userId ?? null });
  }

  /** Marks an expectation not applicable to the pupil with the reason, or (reason null) removes the mark. */
  async markNotApplicable(school: SchoolScope, pupilId: string, code: string, reason: string | null): Promise<void> {
    const m = this.tx.manager();
    const canonical = await this.requireCode(school, code, 'expectationCode');
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

  /**
   * The code as a framework of the school's LA spells it: the one in effect or a version imported to take effect
   * later (a SENCO may record against the coming version), the school's own trust's or the platform's.
   */
  private async requireCode(school: SchoolScope, code: string, field: string): Promise<string> {
    // The school's own offer first (its codes never repeat the authority's: school-offer.service.ts).
    const [mine] = await this.tx
      .manager()
      .query<{ code: string }[]>(`select code from oap_school_expectations where school_id = $1 and lower(code) = lower($2)`, [school.schoolId, code.trim()]);
    if (mine) return mine.code;
    const rows = await this.tx.manager().query<{ code: string | null }[]>(
      `select e.code from oap_frameworks f join schools s on s.id = $1 and s.la_code = f.la_code
         left join oap_expectations e on e.framework_id = f.id and lower(e.code) = lower($2)
        where f.owner_trust_id is null or f.owner_trust_id = s.trust_id
        order by (e.code is null), f.effective_from desc`,
      [school.schoolId, code.trim()],
    );
    if (rows.length === 0) throw invalid([{ field, message: "the school's local authority has no ordinarily available provision framework here yet" }]);
    const found = rows[0]?.code;
    if (!found) throw invalid([{ field, message: `"${code.slice(0, 40)}" is not an expectation of the local authority's framework` }]);
    return found;
  }
}

function frameworkDto({ framework: f }: SchoolFramework): NonNullable<PupilComparison['framework']> {
  return { id: f.id, laCode: f.laCode, name: f.name, version: f.version, effectiveFrom: f.effectiveFrom, sourceCitation: f.sourceCitation, scale: f.scale };
}

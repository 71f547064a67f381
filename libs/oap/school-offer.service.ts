import { Injectable } from '@nestjs/common';
import { invalid, requestContext, type FieldError } from '#libs/core';
import { In } from 'typeorm';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { expectationColumns, readExpectations, type ExpectationInput } from './domain/framework-file.js';
import { frameworkForSchool } from './framework.query.js';
import { OapSchoolExpectation } from './school-expectation.entity.js';

/**
 * A school's own whole-school offer beside its authority's framework (docs/oap.md): expectations in the same
 * form, kept as one list the SENCO edits whole, so the editor never drops a row it does not show. Saving checks
 * every row as a framework file's rows are checked (an unknown area, a repeated code, a level: the school has no
 * scale), and a code the authority's framework already uses; any error names its row and nothing is saved.
 */
@Injectable()
export class SchoolOfferService {
  constructor(private readonly tx: TenantTransactions) {}

  async list(scope: SchoolScope): Promise<ExpectationInput[]> {
    const rows = await this.tx.manager().find(OapSchoolExpectation, { where: { schoolId: scope.schoolId }, order: { position: 'ASC' } });
    return rows.map(toInput);
  }

  async replace(scope: SchoolScope, rows: Record<string, unknown>[], today: string): Promise<ExpectationInput[]> {
    const m = this.tx.manager();
    const errors: FieldError[] = [];
    const { expectations, errors: rowErrors } =
      rows.length === 0
        ? { expectations: [], errors: [] }
        : readExpectations(
            null,
            rows.map((values, i) => ({ row: i + 1, values })),
          );
    errors.push(...rowErrors);
    const authority = await frameworkForSchool(m, scope, today);
    const taken = new Set((authority?.expectations ?? []).map((e) => e.code.toLowerCase()));
    rows.forEach((values, i) => {
      const code = typeof values.code === 'string' ? values.code.trim() : '';
      if (taken.has(code.toLowerCase()))
        errors.push({
          field: `row ${i + 1}: code`,
          message: `"${code}" is a code of the local authority's framework; give the school's own a code of its own`,
        });
    });
    if (errors.length > 0) throw invalid(errors);
    // Only what differs is written: a row saved unchanged keeps its id, who changed it last and when.
    const stored = new Map((await m.find(OapSchoolExpectation, { where: { schoolId: scope.schoolId } })).map((r) => [r.code, r]));
    const wanted = expectations.map((e, position) => ({ position, ...expectationColumns(e) }));
    const gone = [...stored.values()].filter((r) => !wanted.some((w) => w.code === r.code)).map((r) => r.id);
    if (gone.length > 0) await m.delete(OapSchoolExpectation, { schoolId: scope.schoolId, id: In(gone) });
    const by = requestContext.get()?.userId ?? null;
    const added = [];
    for (const w of wanted) {
      const old = stored.get(w.code);
      if (!old) added.push({ schoolId: scope.schoolId, ...w, updatedBy: by });
      else if ((Object.keys(w) as (keyof typeof w)[]).some((k) => old[k] !== w[k]))
        await m.update(OapSchoolExpectation, { schoolId: scope.schoolId, id: old.id }, { ...w, updatedBy: by });
    }
    if (added.length > 0) await m.insert(OapSchoolExpectation, added);
    return this.list(scope);
  }
}

export function toInput(r: OapSchoolExpectation): ExpectationInput {
  return {
    code: r.code,
    areaOfNeed: r.areaOfNeed,
    level: null,
    text: r.text,
    evidence: r.evidenceKind,
    interventionKind: r.interventionKind,
    frequencyCount: r.frequencyCount,
    frequencyPeriod: r.frequencyPeriod,
  };
}

import { Injectable } from '@nestjs/common';
import { invalid, requestContext, type FieldError } from '#libs/core';
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
    await m.delete(OapSchoolExpectation, { schoolId: scope.schoolId });
    const by = requestContext.get()?.userId ?? null;
    if (expectations.length > 0) {
      await m.insert(
        OapSchoolExpectation,
        expectations.map((e, position) => ({
          schoolId: scope.schoolId,
          position,
          ...expectationColumns(e),
          updatedBy: by,
        })),
      );
    }
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

import { Injectable } from '@nestjs/common';
import { LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { AuditService } from '#libs/audit';
import { academicYearBounds, invalid } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { checkCalendar, type ClosureInput, type SchoolCalendar, type TermInput } from './domain/index.js';
import { InterventionGroup } from './intervention-group.entity.js';
import { SchoolClosure } from './school-closure.entity.js';
import { SchoolTerm } from './school-term.entity.js';

export interface YearCalendar {
  academicYear: number;
  terms: SchoolTerm[];
  closures: SchoolClosure[];
}

/** The school's year: terms and the days it is closed inside them. Sessions are planned on open days only. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
  ) {}

  async year(scope: SchoolScope, academicYear: number): Promise<YearCalendar> {
    const m = this.tx.manager();
    const where = { schoolId: scope.schoolId, academicYear };
    const [terms, closures] = [
      await m.find(SchoolTerm, { where, order: { startsOn: 'ASC' } }),
      await m.find(SchoolClosure, { where, order: { startsOn: 'ASC' } }),
    ];
    return { academicYear, terms, closures };
  }

  /**
   * Replaces a year's calendar. Returns the groups running in that year, whose planned sessions the caller
   * must bring in line (a closure removes planned sessions; a longer term adds them).
   */
  async replaceYear(scope: SchoolScope, academicYear: number, terms: TermInput[], closures: ClosureInput[]): Promise<string[]> {
    const errors = checkCalendar(academicYear, terms, closures);
    if (errors.length > 0) throw invalid(errors);
    const m = this.tx.manager();
    await m.delete(SchoolTerm, { schoolId: scope.schoolId, academicYear });
    await m.delete(SchoolClosure, { schoolId: scope.schoolId, academicYear });
    if (terms.length > 0)
      await m.insert(
        SchoolTerm,
        terms.map((t) => ({ ...t, schoolId: scope.schoolId, academicYear })),
      );
    if (closures.length > 0)
      await m.insert(
        SchoolClosure,
        closures.map((c) => ({ ...c, schoolId: scope.schoolId, academicYear })),
      );
    await this.audit.record(scope, {
      action: 'calendar.updated',
      entityType: 'school',
      entityId: scope.schoolId,
      details: { academicYear, terms: terms.length, closures: closures.length },
    });
    const { startsOn, endsOn } = academicYearBounds(academicYear);
    const groups = await m.find(InterventionGroup, {
      where: { schoolId: scope.schoolId, startsOn: LessThanOrEqual(endsOn), endsOn: MoreThanOrEqual(startsOn) },
      select: { id: true },
    });
    return groups.map((g) => g.id);
  }

  /** The calendar as the schedule code needs it, for the days from `from` to `to`. */
  async between(scope: SchoolScope, from: string, to: string): Promise<SchoolCalendar> {
    const m = this.tx.manager();
    const [terms, closures] = [
      await m.find(SchoolTerm, { where: { schoolId: scope.schoolId, startsOn: LessThanOrEqual(to), endsOn: MoreThanOrEqual(from) } }),
      await m.find(SchoolClosure, { where: { schoolId: scope.schoolId, startsOn: LessThanOrEqual(to), endsOn: MoreThanOrEqual(from) } }),
    ];
    return { terms: terms.map(({ startsOn, endsOn }) => ({ startsOn, endsOn })), closures: closures.map(({ startsOn, endsOn }) => ({ startsOn, endsOn })) };
  }
}

import { Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { conflict, invalid, notFound, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { Pupil, SchoolToday } from '#libs/register';
import type { Profession } from './domain/plan.types.js';
import { PlanContribution, type ContributionAuthor } from './plan-contribution.entity.js';
import { PlanCycle } from './plan-cycle.entity.js';
import { PlanTarget } from './plan-target.entity.js';
import { PlanVersion } from './plan-version.entity.js';
import { ProfessionalReport } from './professional-report.entity.js';

export interface ContributionInput {
  body: string;
  targetId: string | null;
  measuredValue: string | null;
}

export interface ProfessionalReportInput {
  profession: Profession;
  professionalName: string;
  organisation: string | null;
  reportDate: string;
  summary: string;
  recommendations: string | null;
}

/**
 * What others bring to a cycle: parents' views before a review, staff observations of progress, and advice
 * from outside professionals. Kept as given (insert-only in the database).
 */
@Injectable()
export class ContributionsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
    private readonly today: SchoolToday,
  ) {}

  /** Row-level security already hides the cycle of a pupil the caller may not see: that is a 404. */
  async contribute(scope: SchoolScope, cycleId: string, author: ContributionAuthor, input: ContributionInput): Promise<PlanContribution> {
    const m = this.tx.manager();
    const cycle = await m.findOneBy(PlanCycle, { id: cycleId, schoolId: scope.schoolId });
    if (!cycle) throw notFound('Plan cycle');
    if (cycle.status !== 'planning' && cycle.status !== 'active') {
      throw conflict(`This cycle was already ${cycle.status}; views are given for the pupil's current cycle`);
    }
    if (input.targetId !== null) {
      const target = await m
        .createQueryBuilder(PlanTarget, 't')
        .innerJoin(PlanVersion, 'v', 'v.id = t.version_id')
        .where('t.id = :targetId and t.school_id = :schoolId and v.cycle_id = :cycleId and v.status = :active', {
          targetId: input.targetId,
          schoolId: scope.schoolId,
          cycleId,
          active: 'active',
        })
        .getOne();
      if (!target) throw invalid([{ field: 'targetId', message: 'targetId is not a target of the plan in place for this cycle' }]);
    }
    const saved = await m.save(
      m.create(PlanContribution, {
        schoolId: scope.schoolId,
        pupilId: cycle.pupilId,
        cycleId,
        authorKind: author,
        authorUserId: requestContext.get()?.userId ?? null,
        targetId: input.targetId,
        body: input.body,
        measuredValue: input.measuredValue,
      }),
    );
    await this.audit.record(scope, {
      action: 'plan.contribution_added',
      entityType: 'pupil',
      entityId: cycle.pupilId,
      details: { cycleId, contributionId: saved.id, author },
    });
    return saved;
  }

  async addReport(scope: SchoolScope, pupilId: string, input: ProfessionalReportInput): Promise<ProfessionalReport> {
    const m = this.tx.manager();
    const pupil = await m.findOneBy(Pupil, { id: pupilId, schoolId: scope.schoolId });
    if (!pupil) throw notFound('Pupil');
    const today = await this.today.of(scope);
    if (input.reportDate > today) throw invalid([{ field: 'reportDate', message: `reportDate ${input.reportDate} is in the future` }]);
    if (input.reportDate < pupil.dateOfBirth)
      throw invalid([{ field: 'reportDate', message: `reportDate ${input.reportDate} is before the pupil's date of birth` }]);
    const open = await m
      .createQueryBuilder(PlanCycle, 'c')
      .where(`c.school_id = :schoolId and c.pupil_id = :pupilId and c.status in ('planning', 'active')`, { schoolId: scope.schoolId, pupilId })
      .getOne();
    const saved = await m.save(
      m.create(ProfessionalReport, {
        ...input,
        schoolId: scope.schoolId,
        pupilId,
        cycleId: open?.id ?? null,
        recordedBy: requestContext.get()?.userId ?? null,
      }),
    );
    await this.audit.record(scope, {
      action: 'plan.professional_report_added',
      entityType: 'pupil',
      entityId: pupilId,
      details: { reportId: saved.id, profession: input.profession },
    });
    return saved;
  }

  async reports(scope: SchoolScope, pupilId: string): Promise<ProfessionalReport[]> {
    return this.tx.manager().find(ProfessionalReport, { where: { schoolId: scope.schoolId, pupilId }, order: { reportDate: 'ASC', createdAt: 'ASC' } });
  }
}

import { Injectable } from '@nestjs/common';
import { In, QueryFailedError } from 'typeorm';
import { AuditService } from '#libs/audit';
import { DomainError, conflict, invalid, notFound, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { EVENT_TYPES, OutboxService } from '#libs/outbox';
import { Pupil, SenStatusService, SchoolToday, isOnRegister } from '#libs/register';
import { TenancyService } from '#libs/tenancy';
import { Intervention } from '#libs/interventions';
import { checkLineIds, sameContent, writeLines } from './draft-lines.js';
import { checkAgreement, checkContent, type PlanContent } from './plan-content.js';
import { PlanCycle } from './plan-cycle.entity.js';
import { PlanProvision } from './plan-provision.entity.js';
import { PlanReview } from './plan-review.entity.js';
import { PlanTarget } from './plan-target.entity.js';
import { PlanVersion } from './plan-version.entity.js';
import { ReviewOutcome } from './review-outcome.entity.js';

/** A plan that cannot be agreed yet: the request was well formed, the plan is not ready. */
const notReady = (message: string, errors: { field: string; message: string }[]) => new DomainError(422, 'plan-not-ready', message, errors);

/**
 * Cycles and versions of support plans: start a cycle, edit its draft, agree it with the parents, put it in
 * place. An agreed version is never edited: an edit makes the next version, which is agreed in turn.
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly status: SenStatusService,
    private readonly today: SchoolToday,
    private readonly tenancy: TenancyService,
  ) {}

  /** Opens a pupil's next cycle with its first draft. The pupil must be on the register (K or E). */
  async start(scope: SchoolScope, pupilId: string, content: PlanContent): Promise<{ cycle: PlanCycle; version: PlanVersion }> {
    const m = this.tx.manager();
    const pupil = await m
      .createQueryBuilder(Pupil, 'p')
      .setLock('pessimistic_write')
      .where('p.id = :pupilId and p.school_id = :schoolId', { pupilId, schoolId: scope.schoolId })
      .getOne();
    if (!pupil) throw notFound('Pupil');
    const current = await this.status.current(scope, pupilId);
    if (!isOnRegister(current?.status)) {
      throw conflict('A support plan is for a pupil on the SEN register (SEN Support or an EHC plan); record their SEN status first');
    }
    const cycles = await m.find(PlanCycle, { where: { schoolId: scope.schoolId, pupilId }, order: { number: 'DESC' }, take: 1 });
    const last = cycles[0];
    if (last && (last.status === 'planning' || last.status === 'active')) {
      throw conflict(`Cycle ${last.number} of this pupil's plan is still open; edit it, or review it to start the next`);
    }
    const today = await this.today.of(scope);
    const errors = [
      ...checkContent(content, {
        today,
        dateOfBirth: pupil.dateOfBirth,
        earliestStart: last?.reviewedOn ?? last?.closedOn ?? null,
        carriableTargetIds: new Set(),
      }),
      ...(await this.checkInterventions(scope, content)),
    ];
    if (errors.length > 0) throw invalid(errors);
    const cycle = await m.save(
      m.create(PlanCycle, {
        schoolId: scope.schoolId,
        pupilId,
        number: (last?.number ?? 0) + 1,
        status: 'planning',
        openedOn: today,
        activatedOn: null,
        reviewDate: null,
        reviewedOn: null,
        closedOn: null,
        previousCycleId: null,
      }),
    );
    const version = await this.insertVersion(scope, cycle, 1, content);
    await this.audit.record(scope, {
      action: 'plan.cycle_started',
      entityType: 'pupil',
      entityId: pupilId,
      details: { cycleId: cycle.id, number: cycle.number },
    });
    return { cycle, version };
  }

  /**
   * Saves the cycle's draft: in place while it is a draft; once a version is agreed, the edit becomes the
   * next version and the agreed one stays as it was until the new one is agreed and put in place.
   */
  async saveDraft(scope: SchoolScope, cycleId: string, content: PlanContent): Promise<PlanVersion> {
    const m = this.tx.manager();
    const cycle = await this.lockCycle(scope, cycleId);
    if (cycle.status === 'reviewed' || cycle.status === 'closed') {
      throw conflict(`Cycle ${cycle.number} was ${cycle.status}; its plan is kept as it was. Changes go into the next cycle`);
    }
    const pupil = (await m.findOneBy(Pupil, { id: cycle.pupilId, schoolId: scope.schoolId }))!;
    const today = await this.today.of(scope);
    const previous = cycle.previousCycleId ? await this.reviewedTargets(scope, cycle.previousCycleId) : null;
    const errors = [
      ...checkContent(content, {
        today,
        dateOfBirth: pupil.dateOfBirth,
        earliestStart: previous?.heldOn ?? null,
        carriableTargetIds: new Set(previous?.targetIds ?? []),
      }),
      ...(await this.checkInterventions(scope, content)),
    ];
    if (errors.length > 0) throw invalid(errors);
    const versions = await m.find(PlanVersion, { where: { schoolId: scope.schoolId, cycleId }, order: { version: 'ASC' } });
    const versionIds = versions.map((v) => v.id);
    const [targets, provisions] = [
      await m.find(PlanTarget, { where: { schoolId: scope.schoolId, versionId: In(versionIds) }, order: { position: 'ASC' } }),
      await m.find(PlanProvision, { where: { schoolId: scope.schoolId, versionId: In(versionIds) }, order: { position: 'ASC' } }),
    ];
    const idErrors = checkLineIds(content, new Set(targets.map((t) => t.id)), new Set(provisions.map((p) => p.id)));
    if (idErrors.length > 0) throw invalid(idErrors);
    const draft = versions.find((v) => v.status === 'draft');
    // Saving what is already there (an editor saving unchanged, a retry) writes nothing: no new version.
    const latest = draft ?? versions.at(-1)!;
    if (
      sameContent(
        latest,
        targets.filter((t) => t.versionId === latest.id),
        provisions.filter((p) => p.versionId === latest.id),
        content,
      )
    )
      return latest;
    if (!draft) {
      const version = await this.insertVersion(scope, cycle, versions.at(-1)!.version + 1, content);
      await this.audit.record(scope, {
        action: 'plan.version_created',
        entityType: 'pupil',
        entityId: cycle.pupilId,
        details: { cycleId, versionId: version.id, version: version.version },
      });
      return version;
    }
    await m.update(PlanVersion, { id: draft.id, schoolId: scope.schoolId }, versionColumns(content));
    await writeLines(m, scope, cycle.pupilId, draft.id, content);
    await this.audit.record(scope, { action: 'plan.draft_saved', entityType: 'pupil', entityId: cycle.pupilId, details: { cycleId, versionId: draft.id } });
    return (await m.findOneBy(PlanVersion, { id: draft.id, schoolId: scope.schoolId }))!;
  }

  /** Draft → agreed, only with the parents' involvement recorded (Code of Practice 6.48). */
  async agree(scope: SchoolScope, cycleId: string): Promise<PlanVersion> {
    const m = this.tx.manager();
    const cycle = await this.lockCycle(scope, cycleId);
    const versions = await m.find(PlanVersion, { where: { schoolId: scope.schoolId, cycleId }, order: { version: 'ASC' } });
    const draft = versions.find((v) => v.status === 'draft');
    if (!draft || cycle.status === 'reviewed' || cycle.status === 'closed') throw conflict('There is no draft of this cycle’s plan to agree');
    const targetCount = await m.countBy(PlanTarget, { schoolId: scope.schoolId, versionId: draft.id });
    const errors = checkAgreement({ involvement: draft.involvement, targetCount, reviewDate: draft.reviewDate });
    if (errors.length > 0) throw notReady('This plan cannot be agreed yet', errors);
    const today = await this.today.of(scope);
    for (const older of versions.filter((v) => v.status === 'agreed')) {
      await m.update(PlanVersion, { id: older.id, schoolId: scope.schoolId }, { status: 'superseded', supersededOn: today });
    }
    await m.update(
      PlanVersion,
      { id: draft.id, schoolId: scope.schoolId },
      { status: 'agreed', agreedOn: today, agreedBy: requestContext.get()?.userId ?? null },
    );
    await this.outbox.recordMany(scope, [
      { type: EVENT_TYPES.planAgreed, subjectType: 'pupil', subjectId: cycle.pupilId, payload: { cycleId, versionId: draft.id, version: draft.version } },
    ]);
    await this.audit.record(scope, { action: 'plan.agreed', entityType: 'pupil', entityId: cycle.pupilId, details: { cycleId, versionId: draft.id } });
    return (await m.findOneBy(PlanVersion, { id: draft.id, schoolId: scope.schoolId }))!;
  }

  /** Agreed → active: the plan is in place (the "Do"); the version it replaces is kept as superseded. */
  async activate(scope: SchoolScope, cycleId: string): Promise<PlanVersion> {
    const m = this.tx.manager();
    const cycle = await this.lockCycle(scope, cycleId);
    const versions = await m.find(PlanVersion, { where: { schoolId: scope.schoolId, cycleId }, order: { version: 'ASC' } });
    const agreed = versions.find((v) => v.status === 'agreed');
    if (!agreed || cycle.status === 'reviewed' || cycle.status === 'closed') {
      throw conflict(
        versions.some((v) => v.status === 'draft')
          ? 'The draft must be agreed with the parents before it is put in place'
          : 'There is no agreed version of this cycle’s plan to put in place',
      );
    }
    const today = await this.today.of(scope);
    const active = versions.find((v) => v.status === 'active');
    if (active) await m.update(PlanVersion, { id: active.id, schoolId: scope.schoolId }, { status: 'superseded', supersededOn: today });
    await m.update(PlanVersion, { id: agreed.id, schoolId: scope.schoolId }, { status: 'active', activatedOn: today });
    await m.update(
      PlanCycle,
      { id: cycle.id, schoolId: scope.schoolId },
      { status: 'active', activatedOn: cycle.activatedOn ?? today, reviewDate: agreed.reviewDate },
    );
    await this.audit.record(scope, { action: 'plan.activated', entityType: 'pupil', entityId: cycle.pupilId, details: { cycleId, versionId: agreed.id } });
    return (await m.findOneBy(PlanVersion, { id: agreed.id, schoolId: scope.schoolId }))!;
  }

  async reviewIntervalWeeks(scope: SchoolScope): Promise<number> {
    return (await this.tenancy.getSchool(scope)).reviewIntervalWeeks;
  }

  /** Locks the cycle row, so two edits or a review and an edit of one cycle queue up. */
  async lockCycle(scope: SchoolScope, cycleId: string): Promise<PlanCycle> {
    const cycle = await this.tx
      .manager()
      .createQueryBuilder(PlanCycle, 'c')
      .setLock('pessimistic_write')
      .where('c.id = :cycleId and c.school_id = :schoolId', { cycleId, schoolId: scope.schoolId })
      .getOne();
    if (!cycle) throw notFound('Plan cycle');
    return cycle;
  }

  /** Provision linked to an intervention must name one in this school's catalogue. */
  private async checkInterventions(scope: SchoolScope, content: PlanContent): Promise<{ field: string; message: string }[]> {
    const ids = [...new Set(content.provisions.map((p) => p.interventionId).filter((id): id is string => id !== null))];
    if (ids.length === 0) return [];
    const found = await this.tx.manager().find(Intervention, { where: { schoolId: scope.schoolId, id: In(ids) }, select: { id: true } });
    const known = new Set(found.map((i) => i.id));
    return content.provisions.flatMap((p, i) =>
      p.interventionId !== null && !known.has(p.interventionId)
        ? [{ field: `provisions.${i}.interventionId`, message: `provisions.${i}.interventionId is not an intervention in this school’s catalogue` }]
        : [],
    );
  }

  /** Inserts a version with its targets and provision. */
  async insertVersion(scope: SchoolScope, cycle: PlanCycle, number: number, content: PlanContent): Promise<PlanVersion> {
    const m = this.tx.manager();
    let version: PlanVersion;
    try {
      version = await m.save(
        m.create(PlanVersion, {
          ...versionColumns(content),
          schoolId: scope.schoolId,
          pupilId: cycle.pupilId,
          cycleId: cycle.id,
          version: number,
          status: 'draft',
          createdBy: requestContext.get()?.userId ?? null,
          agreedOn: null,
          agreedBy: null,
          activatedOn: null,
          supersededOn: null,
        }),
      );
    } catch (err) {
      if (err instanceof QueryFailedError && (err as { code?: string }).code === '23505')
        throw conflict('Someone else changed this plan at the same time; reload it and try again');
      throw err;
    }
    await writeLines(m, scope, cycle.pupilId, version.id, content);
    return version;
  }

  /** The reviewed version's target ids of a cycle, and when it was reviewed. */
  private async reviewedTargets(scope: SchoolScope, cycleId: string): Promise<{ heldOn: string; targetIds: string[] } | null> {
    const m = this.tx.manager();
    const review = await m.findOneBy(PlanReview, { schoolId: scope.schoolId, cycleId });
    if (!review) return null;
    const outcomes = await m.find(ReviewOutcome, { where: { schoolId: scope.schoolId, reviewId: review.id } });
    return { heldOn: review.heldOn, targetIds: outcomes.map((o) => o.targetId) };
  }
}

function versionColumns(c: PlanContent) {
  return {
    startsOn: c.startsOn,
    reviewDate: c.reviewDate,
    needs: c.needs,
    strengths: c.strengths,
    attainment: c.attainment,
    pupilViews: c.pupilViews,
    parentViews: c.parentViews,
    homeSupport: c.homeSupport,
    involvement: c.involvement,
    changeSummary: c.changeSummary,
  };
}

import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TenantTransactions, together, type SchoolScope } from '#libs/database';
import type { SenStatus } from '#libs/register';
import type { CycleFacts, PupilPlanFacts, VersionFacts } from './domain/plan.types.js';
import { PlanContribution } from './plan-contribution.entity.js';
import { PlanCycle } from './plan-cycle.entity.js';
import { PlanProvision } from './plan-provision.entity.js';
import { PlanReview } from './plan-review.entity.js';
import { PlanTarget } from './plan-target.entity.js';
import { PlanVersion } from './plan-version.entity.js';
import { ReviewOutcome } from './review-outcome.entity.js';
import type { PupilExtras } from './quality-facts.store.js';

export interface VersionRecord {
  version: PlanVersion;
  targets: PlanTarget[];
  provisions: PlanProvision[];
}

export interface ReviewRecord {
  review: PlanReview;
  outcomes: ReviewOutcome[];
}

export interface CycleRecord {
  cycle: PlanCycle;
  /** Oldest first. */
  versions: VersionRecord[];
  review: ReviewRecord | null;
  contributions: PlanContribution[];
}

/** All of one pupil's cycles, oldest first. */
export interface PupilPlanRecord {
  pupilId: string;
  cycles: CycleRecord[];
}

/** The version a cycle ran on: the active one, else the latest. */
export function versionInForce(c: CycleRecord): VersionRecord | null {
  return c.versions.find((v) => v.version.status === 'active') ?? c.versions.at(-1) ?? null;
}

/** The open (planning or active) cycle, if any. */
export function openCycle(r: PupilPlanRecord): CycleRecord | null {
  const last = r.cycles.at(-1);
  return last && (last.cycle.status === 'planning' || last.cycle.status === 'active') ? last : null;
}

/**
 * Loads whole plans for one or many pupils in seven queries, sent together, whatever their number of cycles, so a pupil page
 * and the school-wide quality list share one path and neither issues a query per cycle.
 */
@Injectable()
export class PlanStore {
  constructor(private readonly tx: TenantTransactions) {}

  async load(scope: SchoolScope, pupilIds: string[]): Promise<Map<string, PupilPlanRecord>> {
    const records = new Map<string, PupilPlanRecord>(pupilIds.map((id) => [id, { pupilId: id, cycles: [] }]));
    if (pupilIds.length === 0) return records;
    const m = this.tx.manager();
    const where = { schoolId: scope.schoolId, pupilId: In(pupilIds) };
    const [cycles, versions, targets, provisions, reviews, outcomes, contributions] = await together<
      [PlanCycle[], PlanVersion[], PlanTarget[], PlanProvision[], PlanReview[], ReviewOutcome[], PlanContribution[]]
    >(m, [
      () => m.find(PlanCycle, { where, order: { number: 'ASC' } }),
      () => m.find(PlanVersion, { where, order: { version: 'ASC' } }),
      () => m.find(PlanTarget, { where, order: { position: 'ASC' } }),
      () => m.find(PlanProvision, { where, order: { position: 'ASC' } }),
      () => m.find(PlanReview, { where }),
      () => m.find(ReviewOutcome, { where }),
      () => m.find(PlanContribution, { where, order: { createdAt: 'ASC' } }),
    ]);
    const byCycle = new Map<string, CycleRecord>();
    for (const cycle of cycles) {
      const rec: CycleRecord = { cycle, versions: [], review: null, contributions: [] };
      byCycle.set(cycle.id, rec);
      records.get(cycle.pupilId)?.cycles.push(rec);
    }
    const byVersion = new Map<string, VersionRecord>();
    for (const version of versions) {
      const rec: VersionRecord = { version, targets: [], provisions: [] };
      byVersion.set(version.id, rec);
      byCycle.get(version.cycleId)?.versions.push(rec);
    }
    for (const t of targets) byVersion.get(t.versionId)?.targets.push(t);
    for (const p of provisions) byVersion.get(p.versionId)?.provisions.push(p);
    const byReview = new Map<string, ReviewRecord>();
    for (const review of reviews) {
      const rec: ReviewRecord = { review, outcomes: [] };
      byReview.set(review.id, rec);
      const cycle = byCycle.get(review.cycleId);
      if (cycle) cycle.review = rec;
    }
    for (const o of outcomes) byReview.get(o.reviewId)?.outcomes.push(o);
    for (const c of contributions) byCycle.get(c.cycleId)?.contributions.push(c);
    return records;
  }

  async loadOne(scope: SchoolScope, pupilId: string): Promise<PupilPlanRecord> {
    return (await this.load(scope, [pupilId])).get(pupilId)!;
  }
}

export function toVersionFacts(v: VersionRecord): VersionFacts {
  const { version } = v;
  return {
    id: version.id,
    version: version.version,
    status: version.status,
    startsOn: version.startsOn,
    agreedOn: version.agreedOn,
    reviewDate: version.reviewDate,
    needs: version.needs,
    pupilViews: version.pupilViews,
    homeSupport: version.homeSupport,
    involvement: version.involvement,
    targets: v.targets.map((t) => ({
      id: t.id,
      description: t.description,
      areaOfNeed: t.areaOfNeed,
      measure: t.measure,
      baseline: t.baseline,
      successCriterion: t.successCriterion,
      targetDate: t.targetDate,
      carriedFromId: t.carriedFromId,
    })),
    provisions: v.provisions.map((p) => ({
      id: p.id,
      description: p.description,
      interventionId: p.interventionId,
      staffRole: p.staffRole,
      deliveredBy: p.deliveredBy,
      frequencyCount: p.frequencyCount,
      frequencyPeriod: p.frequencyPeriod,
      minutesPerSession: p.minutesPerSession,
      groupSize: p.groupSize,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
    })),
  };
}

export function toCycleFacts(c: CycleRecord): CycleFacts {
  const r = c.review?.review;
  return {
    id: c.cycle.id,
    number: c.cycle.number,
    status: c.cycle.status,
    openedOn: c.cycle.openedOn,
    versions: c.versions.map(toVersionFacts),
    review: r
      ? {
          id: r.id,
          heldOn: r.heldOn,
          dueOn: r.dueOn,
          attendees: r.attendees,
          parentViews: r.parentViews,
          decision: r.decision,
          outcomes: c.review!.outcomes.map((o) => ({ targetId: o.targetId, outcome: o.outcome, measuredValue: o.measuredValue })),
        }
      : null,
  };
}

export function toPupilFacts(r: PupilPlanRecord, status: SenStatus, registerSince: string | null, extras: PupilExtras): PupilPlanFacts {
  const { statusSince, noticePendingSince, reports, deliveries, oapGaps, oapCycles } = extras;
  return {
    pupilId: r.pupilId,
    status,
    registerSince,
    cycles: r.cycles.map(toCycleFacts),
    statusSince,
    noticePendingSince,
    reports,
    deliveries,
    oapGaps,
    oapCycles,
  };
}

import {
  formatDose,
  toVersionFacts,
  versionFlags,
  type CycleRecord,
  type PlanReview,
  type ProfessionalReport,
  type PupilPlan,
  type ReviewOutcome,
  type VersionRecord,
} from '#libs/plans';
import type { CycleDto, CycleSummaryDto, ProfessionalReportDto, PupilPlanDto, ReviewDto, VersionDto, VersionSummaryDto } from './plans.dto.js';

/**
 * Who is reading: register staff see everything; a teacher of the pupil and a parent see only what was
 * agreed (never a draft), and a parent sees other parents' views only as the school recorded them.
 */
export interface Reader {
  userId: string;
  seesDrafts: boolean;
  isParent: boolean;
}

const summary = (v: VersionRecord['version']): VersionSummaryDto => ({
  id: v.id,
  version: v.version,
  status: v.status,
  agreedOn: v.agreedOn,
  activatedOn: v.activatedOn,
  supersededOn: v.supersededOn,
  changeSummary: v.changeSummary,
});

export function toVersionDto(plan: PupilPlan, cycle: CycleRecord, v: VersionRecord): VersionDto {
  const { version } = v;
  const facts = toVersionFacts(v);
  return {
    ...summary(version),
    cycleId: version.cycleId,
    pupilId: version.pupilId,
    startsOn: version.startsOn,
    reviewDate: version.reviewDate,
    needs: version.needs,
    strengths: version.strengths,
    attainment: version.attainment,
    pupilViews: version.pupilViews,
    parentViews: version.parentViews,
    homeSupport: version.homeSupport,
    involvement: version.involvement,
    updatedAt: version.updatedAt,
    targets: facts.targets,
    provisions: facts.provisions.map((p) => ({ ...p, dose: formatDose(p) })),
    flags: versionFlags(plan, cycle, v),
  };
}

export function toReviewDto(review: PlanReview, outcomes: ReviewOutcome[]): ReviewDto {
  return {
    id: review.id,
    cycleId: review.cycleId,
    versionId: review.versionId,
    heldOn: review.heldOn,
    dueOn: review.dueOn,
    late: review.dueOn !== null && review.heldOn > review.dueOn,
    attendees: review.attendees,
    outcomes: outcomes.map((o) => ({ targetId: o.targetId, outcome: o.outcome, measuredValue: o.measuredValue, comment: o.comment })),
    whatWorked: review.whatWorked,
    whatDidNotWork: review.whatDidNotWork,
    parentViews: review.parentViews,
    pupilViews: review.pupilViews,
    decision: review.decision,
    ehcnaRequestedOn: review.ehcnaRequestedOn,
  };
}

/** Whether the reader may see a version: staff see all; others only what was agreed. */
export const canSee = (reader: Reader, v: VersionRecord) => reader.seesDrafts || v.version.agreedOn !== null;

export function toCycleDto(plan: PupilPlan, c: CycleRecord, reader: Reader): CycleDto {
  const active = c.versions.find((v) => v.version.status === 'active') ?? null;
  const newer = c.versions.filter((v) => (v.version.status === 'draft' || v.version.status === 'agreed') && canSee(reader, v)).at(-1) ?? null;
  return {
    id: c.cycle.id,
    pupilId: c.cycle.pupilId,
    number: c.cycle.number,
    status: c.cycle.status,
    openedOn: c.cycle.openedOn,
    activatedOn: c.cycle.activatedOn,
    reviewDate: c.cycle.reviewDate,
    reviewedOn: c.cycle.reviewedOn,
    previousCycleId: c.cycle.previousCycleId,
    inForce: active ? toVersionDto(plan, c, active) : null,
    pending: newer ? toVersionDto(plan, c, newer) : null,
    versions: c.versions.filter((v) => canSee(reader, v)).map((v) => summary(v.version)),
    review: c.review ? toReviewDto(c.review.review, c.review.outcomes) : null,
    contributions: c.contributions
      .filter((k) => !reader.isParent || k.authorKind === 'staff' || k.authorUserId === reader.userId)
      .map((k) => ({
        id: k.id,
        authorKind: k.authorKind,
        own: k.authorUserId === reader.userId,
        targetId: k.targetId,
        body: k.body,
        measuredValue: k.measuredValue,
        createdAt: k.createdAt,
      })),
  };
}

function toCycleSummary(c: CycleRecord): CycleSummaryDto {
  const count = (o: string) => c.review?.outcomes.filter((x) => x.outcome === o).length ?? 0;
  return {
    id: c.cycle.id,
    number: c.cycle.number,
    status: c.cycle.status,
    openedOn: c.cycle.openedOn,
    activatedOn: c.cycle.activatedOn,
    reviewDate: c.cycle.reviewDate,
    reviewedOn: c.cycle.reviewedOn,
    decision: c.review?.review.decision ?? null,
    achieved: count('achieved'),
    partlyAchieved: count('partly_achieved'),
    notAchieved: count('not_achieved'),
  };
}

export function toPupilPlanDto(plan: PupilPlan, reader: Reader): PupilPlanDto {
  const last = plan.record.cycles.at(-1);
  return {
    pupilId: plan.record.pupilId,
    status: plan.status,
    current: last ? toCycleDto(plan, last, reader) : null,
    cycles: plan.record.cycles.map(toCycleSummary),
    flags: plan.flags,
  };
}

export const toReportDto = (r: ProfessionalReport): ProfessionalReportDto => ({
  id: r.id,
  profession: r.profession,
  professionalName: r.professionalName,
  organisation: r.organisation,
  reportDate: r.reportDate,
  summary: r.summary,
  recommendations: r.recommendations,
  cycleId: r.cycleId,
});

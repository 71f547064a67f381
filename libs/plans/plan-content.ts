import type { FieldError } from '#libs/core';
import type { FrequencyPeriod, Involvement, NeedDescription, StaffRole } from './domain/plan.types.js';
import type { AreaOfNeed } from '#libs/register';

export interface TargetInput {
  /** The stored target this line is (kept, with its identity, when a draft is saved again); absent for a new one. */
  id?: string | null;
  description: string;
  areaOfNeed: AreaOfNeed | null;
  measure: string | null;
  baseline: string | null;
  successCriterion: string | null;
  targetDate: string | null;
  carriedFromId: string | null;
}

export interface ProvisionInput {
  /** The stored provision this line is (kept when a draft is saved again); absent for a new one. */
  id?: string | null;
  description: string;
  /** The intervention in the school's catalogue this provision is, so its delivery can be shown. */
  interventionId: string | null;
  staffRole: StaffRole | null;
  deliveredBy: string | null;
  frequencyCount: number | null;
  frequencyPeriod: FrequencyPeriod | null;
  minutesPerSession: number | null;
  groupSize: number | null;
  startsOn: string | null;
  endsOn: string | null;
}

/** Everything a version of a plan holds: the Assess and Plan stages. */
export interface PlanContent {
  startsOn: string;
  reviewDate: string | null;
  needs: NeedDescription[];
  strengths: string | null;
  attainment: string | null;
  pupilViews: string | null;
  parentViews: string | null;
  homeSupport: string | null;
  involvement: Involvement | null;
  changeSummary: string | null;
  targets: TargetInput[];
  provisions: ProvisionInput[];
}

export interface ContentContext {
  today: string;
  /** The pupil's date of birth: nothing in a plan happens before it. */
  dateOfBirth: string;
  /** The earliest day the cycle may start: the day the previous cycle was reviewed. */
  earliestStart: string | null;
  /** Targets of the reviewed cycle before this one, which a target may carry forward. */
  carriableTargetIds: ReadonlySet<string>;
}

/**
 * The rules on the content of a plan that make it wrong rather than weak. Weak plans (no baseline, vague
 * wording) are saved and flagged by the quality check; a plan whose dates contradict each other is refused.
 */
export function checkContent(c: PlanContent, ctx: ContentContext): FieldError[] {
  const errors: FieldError[] = [];
  if (c.startsOn < ctx.dateOfBirth) errors.push({ field: 'startsOn', message: `startsOn ${c.startsOn} is before the pupil's date of birth` });
  if (ctx.earliestStart && c.startsOn < ctx.earliestStart) {
    errors.push({ field: 'startsOn', message: `startsOn ${c.startsOn} is before the review that opened this cycle (${ctx.earliestStart})` });
  }
  if (c.reviewDate !== null && c.reviewDate <= c.startsOn) {
    errors.push({ field: 'reviewDate', message: `reviewDate ${c.reviewDate} must be after the plan starts (${c.startsOn})` });
  }
  const areas = new Set<string>();
  c.needs.forEach((n, i) => {
    if (areas.has(n.area)) errors.push({ field: `needs.${i}.area`, message: `needs.${i}.area ${n.area} is described twice; describe each area of need once` });
    areas.add(n.area);
  });
  c.targets.forEach((t, i) => {
    if (t.targetDate !== null && t.targetDate < c.startsOn) {
      errors.push({ field: `targets.${i}.targetDate`, message: `targets.${i}.targetDate ${t.targetDate} is before the plan starts (${c.startsOn})` });
    }
    if (t.carriedFromId !== null && !ctx.carriableTargetIds.has(t.carriedFromId)) {
      errors.push({ field: `targets.${i}.carriedFromId`, message: `targets.${i}.carriedFromId is not a target of this pupil's previous reviewed cycle` });
    }
  });
  c.provisions.forEach((p, i) => {
    if ((p.frequencyCount === null) !== (p.frequencyPeriod === null)) {
      errors.push({
        field: `provisions.${i}.frequencyPeriod`,
        message: `provisions.${i}: give both frequencyCount and frequencyPeriod (e.g. 3 a week), or neither`,
      });
    }
    if (p.startsOn !== null && p.endsOn !== null && p.endsOn < p.startsOn) {
      errors.push({ field: `provisions.${i}.endsOn`, message: `provisions.${i}.endsOn ${p.endsOn} is before it starts (${p.startsOn})` });
    }
  });
  if (c.involvement && c.involvement.meetingDate > ctx.today) {
    errors.push({
      field: 'involvement.meetingDate',
      message: `involvement.meetingDate ${c.involvement.meetingDate} is in the future; record the meeting once it has happened`,
    });
  }
  return errors;
}

/** What agreeing a plan needs beyond valid content: parents involved (not just a signature), targets, a date. */
export function checkAgreement(c: Pick<PlanContent, 'involvement' | 'reviewDate'> & { targetCount: number }): FieldError[] {
  const errors: FieldError[] = [];
  const inv = c.involvement;
  if (!inv) {
    errors.push({ field: 'involvement', message: 'record how the parents were involved: the meeting date, who attended and the parents’ comments' });
  } else {
    if (!inv.meetingDate) errors.push({ field: 'involvement.meetingDate', message: 'record the date the plan was discussed with the parents' });
    if (!inv.attendees.some((a) => a.role === 'parent')) {
      errors.push({ field: 'involvement.attendees', message: 'no parent or carer is among those who attended; record the parents’ part in agreeing the plan' });
    }
    if (!inv.parentComments.trim()) {
      errors.push({ field: 'involvement.parentComments', message: 'record what the parents said: a signature alone is not involvement' });
    }
  }
  if (c.targetCount === 0) errors.push({ field: 'targets', message: 'a plan needs at least one target before it is agreed' });
  if (c.reviewDate === null) errors.push({ field: 'reviewDate', message: 'a plan needs a concrete review date before it is agreed' });
  return errors;
}

/**
 * The plan editor's form and the plan draft the API holds, mapped both ways.
 *
 * The draft is saved whole (`PUT …/plan-cycles/{id}/draft` replaces it), so this mapping must carry every
 * field of the plan, shown or not: a field the form forgot would be erased by the next autosave (issue 17: a
 * school lost a second area of need, the attainment, the support at home, the provision details and all but
 * one attendee by typing into Strengths). `contentFrom(formFrom(v))` is the stored content, field for field
 * (test/web/forms/plan-form.spec.ts). No imports, so jest can test it without the browser's build.
 */

type Str = string | null;

/** What a stored plan and the content the form sends have alike: everything but the target and provision lines. */
interface PlanParts {
  startsOn: string;
  reviewDate: Str;
  needs: { area: string; description: string }[];
  strengths: Str;
  attainment: Str;
  pupilViews: Str;
  parentViews: Str;
  homeSupport: Str;
  changeSummary: Str;
  involvement: { meetingDate: string; attendees: { name: string; role: string }[]; parentComments: string } | null;
}

/** The parts of a stored version (the API's VersionDto) the draft is made of. */
export interface StoredPlan extends PlanParts {
  targets: { id: string; description: string; areaOfNeed: Str; measure: Str; baseline: Str; successCriterion: Str; targetDate: Str; carriedFromId: Str }[];
  provisions: {
    id: string;
    description: string;
    interventionId: Str;
    staffRole: Str;
    deliveredBy: Str;
    frequencyCount: number | null;
    frequencyPeriod: Str;
    minutesPerSession: number | null;
    groupSize: number | null;
    startsOn: Str;
    endsOn: Str;
  }[];
}

/** A line of a list in the form: `key` tells lines apart while typing; `id` is the stored line's, if any. */
interface Line {
  key: string;
  id?: string;
}
export interface TargetForm extends Line {
  description: string;
  areaOfNeed: string;
  measure: string;
  baseline: string;
  successCriterion: string;
  targetDate: string;
  carriedFromId: string;
}
export interface ProvisionForm extends Line {
  description: string;
  interventionId: string;
  staffRole: string;
  deliveredBy: string;
  frequencyCount: string;
  frequencyPeriod: string;
  minutesPerSession: string;
  groupSize: string;
  startsOn: string;
  endsOn: string;
}
export interface NeedForm extends Line {
  area: string;
  description: string;
}
export interface AttendeeForm extends Line {
  name: string;
  role: string;
}
export interface PlanForm {
  startsOn: string;
  reviewDate: string;
  needs: NeedForm[];
  strengths: string;
  attainment: string;
  homeSupport: string;
  pupilViews: string;
  parentViews: string;
  changeSummary: string;
  meetingDate: string;
  attendees: AttendeeForm[];
  parentComments: string;
  targets: TargetForm[];
  provisions: ProvisionForm[];
}

/** What the form sends: the API's PlanContentDto, with the line ids that keep each target and provision. */
export interface PlanContent extends PlanParts {
  targets: (Omit<StoredPlan['targets'][number], 'id'> & { id?: string })[];
  provisions: (Omit<StoredPlan['provisions'][number], 'id' | 'frequencyCount' | 'minutesPerSession' | 'groupSize'> & {
    id?: string;
    // A number the SENCO typed that is not one is sent as typed, so the API names the field rather than the
    // form quietly saving nothing.
    frequencyCount: number | string | null;
    minutesPerSession: number | string | null;
    groupSize: number | string | null;
  })[];
}

let keys = 0;
/** A key for a new line; lines read from the API use their id. */
export const newKey = () => `new-${++keys}`;

const s = (v: Str | number | undefined) => (v === null || v === undefined ? '' : String(v));
/** Empty means "not given". What was typed is otherwise kept exactly, spaces and all. */
const orNull = (v: string): Str => (v.trim() === '' ? null : v);
const numOrNull = (v: string): number | string | null => (v.trim() === '' ? null : /^\s*\d+\s*$/.test(v) ? Number(v) : v);

export const emptyNeed = (): NeedForm => ({ key: newKey(), area: '', description: '' });
export const emptyAttendee = (): AttendeeForm => ({ key: newKey(), name: '', role: '' });
export const emptyTarget = (): TargetForm => ({
  key: newKey(),
  description: '',
  areaOfNeed: '',
  measure: '',
  baseline: '',
  successCriterion: '',
  targetDate: '',
  carriedFromId: '',
});
export const emptyProvision = (): ProvisionForm => ({
  key: newKey(),
  description: '',
  interventionId: '',
  staffRole: '',
  deliveredBy: '',
  frequencyCount: '',
  frequencyPeriod: 'week',
  minutesPerSession: '',
  groupSize: '',
  startsOn: '',
  endsOn: '',
});

export function formFrom(v: StoredPlan): PlanForm {
  return {
    startsOn: v.startsOn,
    reviewDate: s(v.reviewDate),
    needs: v.needs.map((n, i) => ({ key: `need-${i}`, area: n.area, description: n.description })),
    strengths: s(v.strengths),
    attainment: s(v.attainment),
    homeSupport: s(v.homeSupport),
    pupilViews: s(v.pupilViews),
    parentViews: s(v.parentViews),
    changeSummary: s(v.changeSummary),
    meetingDate: s(v.involvement?.meetingDate),
    attendees: (v.involvement?.attendees ?? []).map((a, i) => ({ key: `attendee-${i}`, name: a.name, role: a.role })),
    parentComments: s(v.involvement?.parentComments),
    targets: v.targets.map((t) => ({
      key: t.id,
      id: t.id,
      description: t.description,
      areaOfNeed: s(t.areaOfNeed),
      measure: s(t.measure),
      baseline: s(t.baseline),
      successCriterion: s(t.successCriterion),
      targetDate: s(t.targetDate),
      carriedFromId: s(t.carriedFromId),
    })),
    provisions: v.provisions.map((x) => ({
      key: x.id,
      id: x.id,
      description: x.description,
      interventionId: s(x.interventionId),
      staffRole: s(x.staffRole),
      deliveredBy: s(x.deliveredBy),
      frequencyCount: s(x.frequencyCount),
      frequencyPeriod: s(x.frequencyPeriod),
      minutesPerSession: s(x.minutesPerSession),
      groupSize: s(x.groupSize),
      startsOn: s(x.startsOn),
      endsOn: s(x.endsOn),
    })),
  };
}

/** A line nobody has typed anything into yet is not sent; a line with anything in it is, so nothing typed is dropped. */
const blank = (line: object, ignore: string[]) => Object.entries(line).every(([k, v]) => ignore.includes(k) || typeof v !== 'string' || v.trim() === '');

/** Lines of the form that are sent, in order: the saved draft keeps that order (flags and ids map back by it). */
export const sentTargets = (f: PlanForm) => f.targets.filter((t) => !blank(t, ['key', 'id']));
export const sentProvisions = (f: PlanForm) => f.provisions.filter((x) => !blank(x, ['key', 'id', 'frequencyPeriod']));

export function contentFrom(f: PlanForm): PlanContent {
  const attendees = f.attendees.filter((a) => !blank(a, ['key', 'id']));
  // The involvement is sent as soon as any of it is written; a missing meeting date is then the API's to name.
  const involved = f.meetingDate !== '' || attendees.length > 0 || f.parentComments.trim() !== '';
  return {
    startsOn: f.startsOn,
    reviewDate: orNull(f.reviewDate),
    needs: f.needs.filter((n) => !blank(n, ['key', 'id'])).map((n) => ({ area: n.area, description: n.description })),
    strengths: orNull(f.strengths),
    attainment: orNull(f.attainment),
    pupilViews: orNull(f.pupilViews),
    parentViews: orNull(f.parentViews),
    homeSupport: orNull(f.homeSupport),
    changeSummary: orNull(f.changeSummary),
    involvement: involved
      ? { meetingDate: f.meetingDate, attendees: attendees.map((a) => ({ name: a.name, role: a.role })), parentComments: f.parentComments }
      : null,
    targets: sentTargets(f).map((t) => ({
      ...(t.id ? { id: t.id } : {}),
      description: t.description,
      areaOfNeed: orNull(t.areaOfNeed),
      measure: orNull(t.measure),
      baseline: orNull(t.baseline),
      successCriterion: orNull(t.successCriterion),
      targetDate: orNull(t.targetDate),
      carriedFromId: orNull(t.carriedFromId),
    })),
    provisions: sentProvisions(f).map((x) => ({
      ...(x.id ? { id: x.id } : {}),
      description: x.description,
      interventionId: orNull(x.interventionId),
      staffRole: orNull(x.staffRole),
      deliveredBy: orNull(x.deliveredBy),
      frequencyCount: numOrNull(x.frequencyCount),
      // A period with no count is the new line's default, not something the SENCO said.
      frequencyPeriod: x.frequencyCount.trim() === '' && x.frequencyPeriod === 'week' && !x.id ? null : orNull(x.frequencyPeriod),
      minutesPerSession: numOrNull(x.minutesPerSession),
      groupSize: numOrNull(x.groupSize),
      startsOn: orNull(x.startsOn),
      endsOn: orNull(x.endsOn),
    })),
  };
}

/**
 * After a save, the lines that were sent take the ids the API gave them (matched by their key, so lines added
 * or removed while the save was on its way are left alone); the next save then keeps each line's identity.
 */
export function withSavedIds(f: PlanForm, sent: { targets: string[]; provisions: string[] }, saved: Pick<StoredPlan, 'targets' | 'provisions'>): PlanForm {
  const ids = (keysSent: string[], list: { id: string }[]) => new Map(keysSent.map((k, i) => [k, list[i]?.id]));
  const t = ids(sent.targets, saved.targets);
  const p = ids(sent.provisions, saved.provisions);
  return {
    ...f,
    targets: f.targets.map((x) => (t.get(x.key) ? { ...x, id: t.get(x.key) } : x)),
    provisions: f.provisions.map((x) => (p.get(x.key) ? { ...x, id: p.get(x.key) } : x)),
  };
}

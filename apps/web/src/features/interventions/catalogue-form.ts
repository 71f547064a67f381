import type { Schemas } from '../../api/client';
import { AREAS, PERIODS, STAFF_ROLES, isOneOf } from '../../labels';

/**
 * The catalogue's programme form and what the API stores, mapped both ways. Every field is text on the page;
 * money is in pounds on the page and pence to the API. Editing sends only what changed (PATCH), so a field the
 * API gains later, or one another SENCO changed meanwhile, is never overwritten with what this page loaded.
 */

export type Intervention = Schemas['InterventionDto'];
type Body = Schemas['InterventionInputDto'];

export interface ProgrammeForm {
  name: string;
  areaOfNeed: string;
  description: string;
  evidenceNotes: string;
  frequencyCount: string;
  frequencyPeriod: string;
  sessionMinutes: string;
  groupSize: string;
  deliveringRole: string;
  staffCostPerHour: string;
  resourceCost: string;
  suggestedMeasure: string;
}
export type ProgrammeField = keyof ProgrammeForm;

export const EMPTY_PROGRAMME: ProgrammeForm = {
  name: '',
  areaOfNeed: '',
  description: '',
  evidenceNotes: '',
  frequencyCount: '',
  frequencyPeriod: '',
  sessionMinutes: '',
  groupSize: '',
  deliveringRole: '',
  staffCostPerHour: '',
  resourceCost: '',
  suggestedMeasure: '',
};

const text = (v: string | null) => v ?? '';
const whole = (v: number | null) => (v === null ? '' : String(v));
const pounds = (pence: number | null) => (pence === null ? '' : (pence / 100).toFixed(2));

export const programmeForm = (i: Intervention): ProgrammeForm => ({
  name: i.name,
  areaOfNeed: text(i.areaOfNeed),
  description: text(i.description),
  evidenceNotes: text(i.evidenceNotes),
  frequencyCount: whole(i.frequencyCount),
  frequencyPeriod: text(i.frequencyPeriod),
  sessionMinutes: whole(i.sessionMinutes),
  groupSize: whole(i.groupSize),
  deliveringRole: text(i.deliveringRole),
  staffCostPerHour: pounds(i.staffCostPerHourPence),
  resourceCost: pounds(i.resourceCostPence),
  suggestedMeasure: text(i.suggestedMeasure),
});

/** The API's field name for each form field, so its errors land beside the right input. */
export const API_FIELD: Record<ProgrammeField, keyof Body> = {
  name: 'name',
  areaOfNeed: 'areaOfNeed',
  description: 'description',
  evidenceNotes: 'evidenceNotes',
  frequencyCount: 'frequencyCount',
  frequencyPeriod: 'frequencyPeriod',
  sessionMinutes: 'sessionMinutes',
  groupSize: 'groupSize',
  deliveringRole: 'deliveringRole',
  staffCostPerHour: 'staffCostPerHourPence',
  resourceCost: 'resourceCostPence',
  suggestedMeasure: 'suggestedMeasure',
};

export type Refusal = [ProgrammeField, string];

/** The form as the API's body, or the fields the page refuses (named as the user sees them) and why. */
export function programmeBody(f: ProgrammeForm): { body: Body; refused: Refusal[] } {
  const refused: Refusal[] = [];
  const optional = (v: string) => (v.trim() === '' ? null : v.trim());
  const count = (field: ProgrammeField, label: string): number | null => {
    const v = f[field].trim();
    if (v === '') return null;
    if (!/^\d+$/.test(v) || Number(v) < 1) refused.push([field, `${label} must be a whole number, 1 or more`]);
    return Number(v);
  };
  const pence = (field: ProgrammeField, label: string): number | null => {
    const v = f[field].replace(/[£,\s]/g, '');
    if (v === '') return null;
    if (!/^\d+(\.\d{1,2})?$/.test(v)) refused.push([field, `${label} must be an amount in pounds, for example 12.50`]);
    return Math.round(Number(v) * 100);
  };
  if (f.name.trim() === '') refused.push(['name', 'Enter the programme’s name']);
  const body: Body = {
    name: f.name.trim(),
    areaOfNeed: isOneOf(AREAS, f.areaOfNeed) ? f.areaOfNeed : null,
    description: optional(f.description),
    evidenceNotes: optional(f.evidenceNotes),
    frequencyCount: count('frequencyCount', 'How many sessions'),
    frequencyPeriod: isOneOf(PERIODS, f.frequencyPeriod) ? f.frequencyPeriod : null,
    sessionMinutes: count('sessionMinutes', 'Minutes a session'),
    groupSize: count('groupSize', 'Pupils in a group'),
    deliveringRole: isOneOf(STAFF_ROLES, f.deliveringRole) ? f.deliveringRole : null,
    staffCostPerHourPence: pence('staffCostPerHour', 'Staff cost an hour'),
    resourceCostPence: pence('resourceCost', 'Resource cost a group'),
    suggestedMeasure: optional(f.suggestedMeasure),
  };
  return { body, refused };
}

/** Only the fields whose stored value the form changes: what an edit sends. */
export function programmeChanges(initial: Intervention, body: Body): Partial<Body> {
  const before = programmeBody(programmeForm(initial)).body;
  const changes: Partial<Body> = {};
  for (const key of Object.keys(body) as (keyof Body)[]) {
    if (body[key] !== before[key]) Object.assign(changes, { [key]: body[key] });
  }
  return changes;
}

import type { Schemas } from '../../api/client';
import { AREA, PERIOD, STAFF_ROLE } from '../../labels';
import { Select, TextArea, TextField } from '../../ui';
import { FlagList } from '../../features/plans/FlagList';
import { ATTENDEE_ROLE } from './plan-labels';
import { emptyAttendee, emptyNeed, type AttendeeForm, type NeedForm, type ProvisionForm, type TargetForm } from './plan-form';

/**
 * The parts of the plan editor's form. Every field of a plan the API holds is on screen here (issue 17): a
 * field that is not shown cannot be checked before the plan is agreed.
 */

type Flag = Schemas['FlagDto'];
type Change<T> = (change: Partial<T>) => void;

/** A list of lines (needs, attendees) edited in place: change one, remove one, add one. */
function edit<T extends { key: string }>(list: T[], onChange: (list: T[]) => void) {
  return {
    set: (i: number, change: Partial<T>) => onChange(list.map((x, j) => (j === i ? { ...x, ...change } : x))),
    remove: (i: number) => onChange(list.filter((_, j) => j !== i)),
  };
}

export function NeedsSection({ needs, onChange }: { needs: NeedForm[]; onChange: (needs: NeedForm[]) => void }) {
  const { set, remove } = edit(needs, onChange);
  return (
    <fieldset>
      <legend>Areas of need</legend>
      {needs.length === 0 && <p>No area of need described yet.</p>}
      {needs.map((n, i) => (
        <fieldset key={n.key} className="item">
          <legend>Area of need {i + 1}</legend>
          <Select label={`Area of need ${i + 1}`} value={n.area} onChange={(v) => set(i, { area: v })} options={AREA} empty="Choose an area" />
          <TextArea label={`What the pupil finds hard (area ${i + 1})`} value={n.description} onChange={(v) => set(i, { description: v })} />
          <button type="button" className="button-link" onClick={() => remove(i)}>
            Remove area of need {i + 1}
          </button>
        </fieldset>
      ))}
      {needs.length < 4 && (
        <button type="button" className="button secondary" onClick={() => onChange([...needs, emptyNeed()])}>
          Add an area of need
        </button>
      )}
    </fieldset>
  );
}

export function AttendeesSection({ attendees, onChange }: { attendees: AttendeeForm[]; onChange: (attendees: AttendeeForm[]) => void }) {
  const { set, remove } = edit(attendees, onChange);
  return (
    <fieldset>
      <legend>Who was at the meeting</legend>
      {attendees.map((a, i) => (
        <div key={a.key} className="row attendee">
          <TextField label={`Attendee ${i + 1}: name`} value={a.name} onChange={(v) => set(i, { name: v })} />
          <Select label={`Attendee ${i + 1}: role`} value={a.role} onChange={(v) => set(i, { role: v })} options={ATTENDEE_ROLE} empty="Choose a role" />
          <button type="button" className="button-link" onClick={() => remove(i)}>
            Remove attendee {i + 1}
          </button>
        </div>
      ))}
      <button type="button" className="button secondary" onClick={() => onChange([...attendees, emptyAttendee()])}>
        Add someone who attended
      </button>
    </fieldset>
  );
}

function InlineFlags({ flags }: { flags: Flag[] }) {
  return flags.length > 0 ? (
    <div className="inline-flags" aria-live="polite">
      <FlagList flags={flags} />
    </div>
  ) : null;
}

export function TargetLine({
  t,
  n,
  flags,
  onChange,
  onRemove,
}: {
  t: TargetForm;
  n: number;
  flags: Flag[];
  onChange: Change<TargetForm>;
  onRemove: () => void;
}) {
  return (
    <fieldset className={flags.length ? 'item item-flagged' : 'item'}>
      <legend>Target {n}</legend>
      {t.carriedFromId && <p className="hint">Carried forward from the last plan.</p>}
      <TextArea label={`Target ${n}: what the pupil will be able to do`} value={t.description} onChange={(v) => onChange({ description: v })} rows={2} />
      <InlineFlags flags={flags} />
      <Select
        label={`Target ${n}: area of need`}
        value={t.areaOfNeed}
        onChange={(v) => onChange({ areaOfNeed: v })}
        options={AREA}
        empty="Not linked to one area"
      />
      <div className="row">
        <TextField label="How it is measured" value={t.measure} onChange={(v) => onChange({ measure: v })} />
        <TextField label="Where the pupil is now (baseline)" value={t.baseline} onChange={(v) => onChange({ baseline: v })} />
      </div>
      <div className="row">
        <TextField label="Success looks like" value={t.successCriterion} onChange={(v) => onChange({ successCriterion: v })} />
        <TextField label="By" type="date" value={t.targetDate} onChange={(v) => onChange({ targetDate: v })} />
      </div>
      <button type="button" className="button-link" onClick={onRemove}>
        Remove target {n}
      </button>
    </fieldset>
  );
}

export function ProvisionLine({
  x,
  n,
  flags,
  onChange,
  onRemove,
}: {
  x: ProvisionForm;
  n: number;
  flags: Flag[];
  onChange: Change<ProvisionForm>;
  onRemove: () => void;
}) {
  return (
    <fieldset className={flags.length ? 'item item-flagged' : 'item'}>
      <legend>Provision {n}</legend>
      {x.interventionId && <p className="hint">Linked to an intervention in the school’s catalogue, so its sessions are counted.</p>}
      <TextField label={`Provision ${n}: what will be done`} value={x.description} onChange={(v) => onChange({ description: v })} />
      <InlineFlags flags={flags} />
      <div className="row">
        <Select label="Who delivers it (role)" value={x.staffRole} onChange={(v) => onChange({ staffRole: v })} options={STAFF_ROLE} empty="Choose" />
        <TextField label="Delivered by (name)" value={x.deliveredBy} onChange={(v) => onChange({ deliveredBy: v })} />
        <TextField label="Group size (pupils)" inputMode="numeric" value={x.groupSize} onChange={(v) => onChange({ groupSize: v })} />
      </div>
      <div className="row">
        <TextField label="Times" inputMode="numeric" value={x.frequencyCount} onChange={(v) => onChange({ frequencyCount: v })} />
        <Select label="Per" value={x.frequencyPeriod} onChange={(v) => onChange({ frequencyPeriod: v })} options={PERIOD} empty="Choose" />
        <TextField label="Minutes each time" inputMode="numeric" value={x.minutesPerSession} onChange={(v) => onChange({ minutesPerSession: v })} />
      </div>
      <div className="row">
        <TextField label="Starts" type="date" value={x.startsOn} onChange={(v) => onChange({ startsOn: v })} />
        <TextField label="Ends" type="date" value={x.endsOn} onChange={(v) => onChange({ endsOn: v })} />
      </div>
      <button type="button" className="button-link" onClick={onRemove}>
        Remove provision {n}
      </button>
    </fieldset>
  );
}

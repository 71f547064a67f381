import { useEffect, useRef, useState } from 'react';
import { api, must, type Schemas } from '../../api/client';
import { AREA, PERIOD, STAFF_ROLE } from '../../labels';
import { Link, navigate } from '../../router';
import { ErrorSummary, Loading, Page, Select, TextArea, TextField, useAction } from '../../ui';
import { FlagList } from '../senco';
import { useCycle } from './cycle';

type P = { params: Record<string, string> };
type Version = Schemas['VersionDto'];
type Cycle = Schemas['CycleDto'];

interface TargetForm {
  description: string;
  areaOfNeed: string;
  measure: string;
  baseline: string;
  successCriterion: string;
  targetDate: string;
  carriedFromId?: string | null;
}
interface ProvisionForm {
  description: string;
  staffRole: string;
  frequencyCount: string;
  frequencyPeriod: string;
  minutesPerSession: string;
}
interface PlanForm {
  startsOn: string;
  reviewDate: string;
  needArea: string;
  needDescription: string;
  strengths: string;
  pupilViews: string;
  parentViews: string;
  meetingDate: string;
  parentName: string;
  parentComments: string;
  targets: TargetForm[];
  provisions: ProvisionForm[];
}

const emptyTarget = (): TargetForm => ({ description: '', areaOfNeed: '', measure: '', baseline: '', successCriterion: '', targetDate: '' });
const emptyProvision = (): ProvisionForm => ({ description: '', staffRole: '', frequencyCount: '', frequencyPeriod: 'week', minutesPerSession: '' });
const s = (v: string | null | undefined) => v ?? '';
const orNull = (v: string) => (v.trim() === '' ? null : v.trim());
const numOrNull = (v: string) => (v.trim() === '' || Number.isNaN(Number(v)) ? null : Number(v));

function formFrom(v: Version): PlanForm {
  const involvement = v.involvement as Schemas['InvolvementDto'] | null;
  const parent = involvement?.attendees.find((a) => a.role === 'parent');
  return {
    startsOn: v.startsOn,
    reviewDate: s(v.reviewDate),
    needArea: v.needs[0]?.area ?? '',
    needDescription: v.needs[0]?.description ?? '',
    strengths: s(v.strengths),
    pupilViews: s(v.pupilViews),
    parentViews: s(v.parentViews),
    meetingDate: s(involvement?.meetingDate),
    parentName: s(parent?.name),
    parentComments: s(involvement?.parentComments),
    targets: v.targets.map((t) => ({ description: t.description, areaOfNeed: s(t.areaOfNeed), measure: s(t.measure), baseline: s(t.baseline), successCriterion: s(t.successCriterion), targetDate: s(t.targetDate), carriedFromId: t.carriedFromId })),
    provisions: v.provisions.map((x) => ({ description: x.description, staffRole: s(x.staffRole), frequencyCount: x.frequencyCount?.toString() ?? '', frequencyPeriod: s(x.frequencyPeriod) || 'week', minutesPerSession: x.minutesPerSession?.toString() ?? '' })),
  };
}

function contentFrom(f: PlanForm): Schemas['PlanContentDto'] {
  const involved = f.meetingDate && f.parentName.trim() && f.parentComments.trim();
  return {
    startsOn: f.startsOn,
    reviewDate: orNull(f.reviewDate) as never,
    needs: f.needArea && f.needDescription.trim() ? [{ area: f.needArea as never, description: f.needDescription.trim() }] : [],
    strengths: orNull(f.strengths) as never,
    pupilViews: orNull(f.pupilViews) as never,
    parentViews: orNull(f.parentViews) as never,
    involvement: (involved
      ? { meetingDate: f.meetingDate, attendees: [{ name: f.parentName.trim(), role: 'parent' }, { name: 'SENCO', role: 'senco' }], parentComments: f.parentComments.trim() }
      : null) as never,
    // A target or provision line still being typed (no description yet) is not sent.
    targets: f.targets
      .filter((t) => t.description.trim())
      .map((t) => ({
        description: t.description.trim(),
        areaOfNeed: (orNull(t.areaOfNeed) ?? undefined) as never,
        measure: orNull(t.measure) as never,
        baseline: orNull(t.baseline) as never,
        successCriterion: orNull(t.successCriterion) as never,
        targetDate: orNull(t.targetDate) as never,
        ...(t.carriedFromId ? { carriedFromId: t.carriedFromId } : {}),
      })),
    provisions: f.provisions
      .filter((x) => x.description.trim())
      .map((x) => ({
        description: x.description.trim(),
        staffRole: (orNull(x.staffRole) ?? undefined) as never,
        frequencyCount: numOrNull(x.frequencyCount) as never,
        frequencyPeriod: (orNull(x.frequencyPeriod) ?? undefined) as never,
        minutesPerSession: numOrNull(x.minutesPerSession) as never,
      })),
  };
}

/**
 * The plan editor. Every change is saved to the draft after a short pause, and the API's quality check of the
 * saved draft comes back with it: the flags appear beside the target or provision they are about while the
 * SENCO is still typing, and are announced politely to screen readers.
 */
export function PlanEditor({ params }: P) {
  const { schoolId, pupilId, cycleId } = params as { schoolId: string; pupilId: string; cycleId: string };
  const cycle = useCycle(schoolId, cycleId);
  return (
    <Page title="Support plan" wide>
      <Loading state={cycle}>{(c) => <PlanForm schoolId={schoolId} pupilId={pupilId} cycle={c} />}</Loading>
    </Page>
  );
}

function PlanForm({ schoolId, pupilId, cycle }: { schoolId: string; pupilId: string; cycle: Cycle }) {
  const base = (cycle.pending ?? cycle.inForce) as Version;
  const [form, setForm] = useState<PlanForm>(() => formFrom(base));
  const [saved, setSaved] = useState<Version>(base);
  const [saveState, setSaveState] = useState<'saved' | 'saving' | 'unsaved'>('saved');
  const [saveError, setSaveError] = useState<Error | null>(null);
  const agreeing = useAction();
  const dirty = useRef(false);
  const generation = useRef(0);
  const path = { schoolId, cycleId: cycle.id };

  const save = async (f: PlanForm) => {
    const mine = ++generation.current;
    setSaveState('saving');
    try {
      const v = must(await api.PUT('/v1/schools/{schoolId}/plan-cycles/{cycleId}/draft', { params: { path }, body: contentFrom(f) }));
      if (mine === generation.current) {
        setSaved(v);
        setSaveState('saved');
        setSaveError(null);
      }
    } catch (e) {
      if (mine === generation.current) {
        setSaveState('unsaved');
        setSaveError(e as Error);
      }
    }
  };

  useEffect(() => {
    if (!dirty.current) return;
    setSaveState('unsaved');
    const timer = setTimeout(() => void save(form), 700);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form]);

  const update = (change: Partial<PlanForm>) => {
    dirty.current = true;
    setForm((f) => ({ ...f, ...change }));
  };
  const setTarget = (i: number, change: Partial<TargetForm>) => update({ targets: form.targets.map((t, j) => (j === i ? { ...t, ...change } : t)) });
  const setProvision = (i: number, change: Partial<ProvisionForm>) => update({ provisions: form.provisions.map((x, j) => (j === i ? { ...x, ...change } : x)) });

  // Flags of a target or provision line: the saved draft keeps the lines in the order they were sent.
  const sentTargets = form.targets.map((t, i) => (t.description.trim() ? i : -1)).filter((i) => i >= 0);
  const sentProvisions = form.provisions.map((x, i) => (x.description.trim() ? i : -1)).filter((i) => i >= 0);
  const flagsFor = (subject: 'target' | 'provision', index: number) => {
    const list = subject === 'target' ? saved.targets : saved.provisions;
    const position = (subject === 'target' ? sentTargets : sentProvisions).indexOf(index);
    const id = position >= 0 ? list[position]?.id : undefined;
    return id ? saved.flags.filter((f) => f.subject === subject && f.subjectId === id) : [];
  };
  const planFlags = saved.flags.filter((f) => f.subject !== 'target' && f.subject !== 'provision');

  const agree = () =>
    agreeing.run(async () => {
      await save(form);
      must(await api.POST('/v1/schools/{schoolId}/plan-cycles/{cycleId}/agree', { params: { path } }));
      // Agreed with the parents, then put in place (a new version replaces the one in force, kept as superseded).
      must(await api.POST('/v1/schools/{schoolId}/plan-cycles/{cycleId}/activate', { params: { path } }));
      navigate(`/app/s/${schoolId}/pupils/${pupilId}`);
    });

  return (
    <form onSubmit={(e) => e.preventDefault()} className="plan-form">
      <p className="save-state" role="status" aria-live="polite">
        {saveState === 'saving' ? 'Saving…' : saveState === 'unsaved' ? 'Not saved yet' : `Draft saved. ${saved.flags.length === 0 ? 'No quality flags.' : `${saved.flags.length} quality flag${saved.flags.length === 1 ? '' : 's'}.`}`}
      </p>
      <ErrorSummary error={saveError ?? agreeing.error} />

      <fieldset>
        <legend>Dates</legend>
        <div className="row">
          <TextField label="Plan starts" type="date" value={form.startsOn} onChange={(v) => update({ startsOn: v })} />
          <TextField label="Review date" type="date" value={form.reviewDate} onChange={(v) => update({ reviewDate: v })} />
        </div>
      </fieldset>

      <fieldset>
        <legend>Needs and strengths</legend>
        <Select label="Area of need" value={form.needArea} onChange={(v) => update({ needArea: v })} options={AREA} empty="Choose an area" />
        <TextArea label="What the pupil finds hard" value={form.needDescription} onChange={(v) => update({ needDescription: v })} />
        <TextArea label="Strengths" value={form.strengths} onChange={(v) => update({ strengths: v })} />
        <TextArea label="The pupil's views" value={form.pupilViews} onChange={(v) => update({ pupilViews: v })} />
        <TextArea label="The parents' views" value={form.parentViews} onChange={(v) => update({ parentViews: v })} />
      </fieldset>

      <fieldset>
        <legend>Targets</legend>
        {form.targets.map((t, i) => {
          const flags = flagsFor('target', i);
          return (
            <fieldset key={i} className={flags.length ? 'item item-flagged' : 'item'}>
              <legend>Target {i + 1}</legend>
              <TextArea label={`Target ${i + 1}: what the pupil will be able to do`} value={t.description} onChange={(v) => setTarget(i, { description: v })} rows={2} />
              {flags.length > 0 && (
                <div className="inline-flags" aria-live="polite">
                  <FlagList flags={flags} />
                </div>
              )}
              <div className="row">
                <TextField label="How it is measured" value={t.measure} onChange={(v) => setTarget(i, { measure: v })} />
                <TextField label="Where the pupil is now (baseline)" value={t.baseline} onChange={(v) => setTarget(i, { baseline: v })} />
              </div>
              <div className="row">
                <TextField label="Success looks like" value={t.successCriterion} onChange={(v) => setTarget(i, { successCriterion: v })} />
                <TextField label="By" type="date" value={t.targetDate} onChange={(v) => setTarget(i, { targetDate: v })} />
              </div>
              <button type="button" className="button-link" onClick={() => update({ targets: form.targets.filter((_, j) => j !== i) })}>
                Remove target {i + 1}
              </button>
            </fieldset>
          );
        })}
        <button type="button" className="button secondary" onClick={() => update({ targets: [...form.targets, emptyTarget()] })}>
          Add a target
        </button>
      </fieldset>

      <fieldset>
        <legend>Provision</legend>
        {form.provisions.map((x, i) => {
          const flags = flagsFor('provision', i);
          return (
            <fieldset key={i} className={flags.length ? 'item item-flagged' : 'item'}>
              <legend>Provision {i + 1}</legend>
              <TextField label={`Provision ${i + 1}: what will be done`} value={x.description} onChange={(v) => setProvision(i, { description: v })} />
              {flags.length > 0 && (
                <div className="inline-flags" aria-live="polite">
                  <FlagList flags={flags} />
                </div>
              )}
              <div className="row">
                <Select label="Who delivers it" value={x.staffRole} onChange={(v) => setProvision(i, { staffRole: v })} options={STAFF_ROLE} empty="Choose" />
                <TextField label="Times" inputMode="numeric" value={x.frequencyCount} onChange={(v) => setProvision(i, { frequencyCount: v })} />
                <Select label="Per" value={x.frequencyPeriod} onChange={(v) => setProvision(i, { frequencyPeriod: v })} options={PERIOD} />
                <TextField label="Minutes each time" inputMode="numeric" value={x.minutesPerSession} onChange={(v) => setProvision(i, { minutesPerSession: v })} />
              </div>
            </fieldset>
          );
        })}
        <button type="button" className="button secondary" onClick={() => update({ provisions: [...form.provisions, emptyProvision()] })}>
          Add provision
        </button>
      </fieldset>

      <fieldset>
        <legend>Agreeing the plan with the parents</legend>
        <TextField label="Meeting date" type="date" value={form.meetingDate} onChange={(v) => update({ meetingDate: v })} />
        <TextField label="Parent or carer at the meeting" value={form.parentName} onChange={(v) => update({ parentName: v })} />
        <TextArea label="What the parents said" value={form.parentComments} onChange={(v) => update({ parentComments: v })} />
      </fieldset>

      {planFlags.length > 0 && (
        <div className="flags-panel">
          <h2 className="h3">Still to do before the plan is complete</h2>
          <FlagList flags={planFlags} />
        </div>
      )}

      <div className="actions">
        <button type="button" className="button" disabled={agreeing.busy || saveState === 'saving'} onClick={() => void agree()}>
          {cycle.status === 'planning' ? 'Agree the plan and put it in place' : 'Agree the new version and put it in place'}
        </button>
        <Link to={`/app/s/${schoolId}/pupils/${pupilId}`}>Back to the pupil</Link>
      </div>
    </form>
  );
}


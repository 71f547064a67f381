import { useEffect, useRef, useState } from 'react';
import { api, must, type Schemas } from '../../api/client';
import { Link, navigate } from '../../router';
import { ErrorSummary, Loading, Page, TextArea, TextField, useAction } from '../../ui';
import { FlagList } from '../../features/plans/FlagList';
import { useCycle } from './cycle';
import {
  contentFrom,
  emptyProvision,
  emptyTarget,
  formFrom,
  sentProvisions,
  sentTargets,
  withSavedIds,
  type PlanForm,
  type ProvisionForm,
  type TargetForm,
} from './plan-form';
import { AttendeesSection, NeedsSection, ProvisionLine, TargetLine } from './plan-sections';

type P = { params: Record<string, string> };
type Version = Schemas['VersionDto'];
type Cycle = Schemas['CycleDto'];

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
  // Typed but not yet sent. Cleared only when a save is sent, so a form change that is not typing (the ids
  // of a save coming back) cannot cancel a save that is waiting.
  const dirty = useRef(false);
  const generation = useRef(0);
  const path = { schoolId, cycleId: cycle.id };

  const save = async (f: PlanForm) => {
    const mine = ++generation.current;
    const sent = { targets: sentTargets(f).map((t) => t.key), provisions: sentProvisions(f).map((x) => x.key) };
    setSaveState('saving');
    try {
      const v = must(
        await api.PUT('/v1/schools/{schoolId}/plan-cycles/{cycleId}/draft', { params: { path }, body: contentFrom(f) as Schemas['PlanContentDto'] }),
      );
      if (mine === generation.current) {
        // Each line now names the row it was saved as, so the next save keeps it rather than replacing it
        // (only from the latest save: an older one's new rows may have been replaced since).
        setForm((current) => withSavedIds(current, sent, v));
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
    const timer = setTimeout(() => {
      dirty.current = false;
      void save(form);
    }, 700);
    return () => clearTimeout(timer);
    // Only a changed form saves; save itself is new on each render and must not start another.
  }, [form]);

  const update = (change: Partial<PlanForm>) => {
    dirty.current = true;
    setForm((f) => ({ ...f, ...change }));
  };
  const setTarget = (i: number, change: Partial<TargetForm>) => update({ targets: form.targets.map((t, j) => (j === i ? { ...t, ...change } : t)) });
  const setProvision = (i: number, change: Partial<ProvisionForm>) =>
    update({ provisions: form.provisions.map((x, j) => (j === i ? { ...x, ...change } : x)) });
  // A line's flags are the saved draft's flags about the row that line was saved as.
  const flagsFor = (subject: 'target' | 'provision', id: string | undefined) =>
    id ? saved.flags.filter((f) => f.subject === subject && f.subjectId === id) : [];
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
        {saveState === 'saving'
          ? 'Saving…'
          : saveState === 'unsaved'
            ? 'Not saved yet'
            : `Draft saved. ${saved.flags.length === 0 ? 'No quality flags.' : `${saved.flags.length} quality flag${saved.flags.length === 1 ? '' : 's'}.`}`}
      </p>
      <ErrorSummary error={saveError ?? agreeing.error} />

      <fieldset>
        <legend>Dates</legend>
        <div className="row">
          <TextField label="Plan starts" type="date" value={form.startsOn} onChange={(v) => update({ startsOn: v })} />
          <TextField label="Review date" type="date" value={form.reviewDate} onChange={(v) => update({ reviewDate: v })} />
        </div>
      </fieldset>

      <NeedsSection needs={form.needs} onChange={(needs) => update({ needs })} />

      <fieldset>
        <legend>The pupil now</legend>
        <TextArea label="Strengths" value={form.strengths} onChange={(v) => update({ strengths: v })} />
        <TextArea label="Current attainment" value={form.attainment} onChange={(v) => update({ attainment: v })} />
        <TextArea label="The pupil's views" value={form.pupilViews} onChange={(v) => update({ pupilViews: v })} />
        <TextArea label="The parents' views" value={form.parentViews} onChange={(v) => update({ parentViews: v })} />
        <TextArea label="Support at home" hint="What the parents will do at home" value={form.homeSupport} onChange={(v) => update({ homeSupport: v })} />
      </fieldset>

      <fieldset>
        <legend>Targets</legend>
        {form.targets.map((t, i) => (
          <TargetLine
            key={t.key}
            t={t}
            n={i + 1}
            flags={flagsFor('target', t.id)}
            onChange={(c) => setTarget(i, c)}
            onRemove={() => update({ targets: form.targets.filter((_, j) => j !== i) })}
          />
        ))}
        <button type="button" className="button secondary" onClick={() => update({ targets: [...form.targets, emptyTarget()] })}>
          Add a target
        </button>
      </fieldset>

      <fieldset>
        <legend>Provision</legend>
        {form.provisions.map((x, i) => (
          <ProvisionLine
            key={x.key}
            x={x}
            n={i + 1}
            flags={flagsFor('provision', x.id)}
            onChange={(c) => setProvision(i, c)}
            onRemove={() => update({ provisions: form.provisions.filter((_, j) => j !== i) })}
          />
        ))}
        <button type="button" className="button secondary" onClick={() => update({ provisions: [...form.provisions, emptyProvision()] })}>
          Add provision
        </button>
      </fieldset>

      <fieldset>
        <legend>Agreeing the plan with the parents</legend>
        <TextField label="Meeting date" type="date" value={form.meetingDate} onChange={(v) => update({ meetingDate: v })} />
        <AttendeesSection attendees={form.attendees} onChange={(attendees) => update({ attendees })} />
        <TextArea label="What the parents said" value={form.parentComments} onChange={(v) => update({ parentComments: v })} />
        <TextArea
          label="What changed in this version"
          hint="For a new version of a plan in place: why it changes"
          value={form.changeSummary}
          onChange={(v) => update({ changeSummary: v })}
        />
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

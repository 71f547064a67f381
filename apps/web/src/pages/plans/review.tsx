import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../../api/client';
import { DECISION, OUTCOME, longDate, todayIso } from '../../labels';
import { Link } from '../../router';
import { ErrorSummary, Loading, Page, TextArea, TextField, useAction } from '../../ui';
import { useCycle } from './cycle';

type P = { params: Record<string, string> };
type Version = Schemas['VersionDto'];
type Cycle = Schemas['CycleDto'];
const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

export function ReviewPage({ params }: P) {
  const { schoolId, pupilId, cycleId } = params as { schoolId: string; pupilId: string; cycleId: string };
  const cycle = useCycle(schoolId, cycleId);
  return (
    <Page title="Review meeting" wide>
      <Loading state={cycle}>{(c) => <ReviewForm schoolId={schoolId} pupilId={pupilId} cycle={c} />}</Loading>
    </Page>
  );
}

function ReviewForm({ schoolId, pupilId, cycle }: { schoolId: string; pupilId: string; cycle: Cycle }) {
  const version = cycle.inForce as Version | null;
  const [heldOn, setHeldOn] = useState(todayIso());
  const [parentName, setParentName] = useState('');
  const [outcomes, setOutcomes] = useState<Record<string, { outcome: string; measuredValue: string }>>({});
  const [whatWorked, setWorked] = useState('');
  const [whatDidNotWork, setNotWorked] = useState('');
  const [parentViews, setParentViews] = useState('');
  const [pupilViews, setPupilViews] = useState('');
  const [decision, setDecision] = useState('continue');
  const [done, setDone] = useState<Schemas['ReviewResultDto'] | null>(null);
  const { busy, error, run } = useAction();
  if (!version) return <p>This plan has not been put in place, so there is nothing to review yet.</p>;
  if (done)
    return (
      <div className="notice success" role="status">
        <h2>Review recorded</h2>
        <p>{done.nextCycle ? 'A new plan has been opened with the unmet targets carried forward.' : 'The plan is closed.'}</p>
        <Link to={`/app/s/${schoolId}/pupils/${pupilId}`}>Back to the pupil</Link>
      </div>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const attendees = [{ name: 'SENCO', role: 'senco' as const }, ...(parentName.trim() ? [{ name: parentName.trim(), role: 'parent' as const }] : [])];
      setDone(
        must(
          await api.POST('/v1/schools/{schoolId}/plan-cycles/{cycleId}/review', {
            params: { path: { schoolId, cycleId: cycle.id } },
            body: {
              heldOn,
              attendees,
              outcomes: version.targets.map((t) => ({ targetId: t.id, outcome: (outcomes[t.id]?.outcome ?? '') as never, measuredValue: (orNull(outcomes[t.id]?.measuredValue ?? '') ?? undefined) as never })),
              whatWorked: orNull(whatWorked) as never,
              whatDidNotWork: orNull(whatDidNotWork) as never,
              parentViews: orNull(parentViews) as never,
              pupilViews: orNull(pupilViews) as never,
              decision: decision as never,
            },
          }),
        ),
      );
    });
  };
  return (
    <form onSubmit={submit}>
      <ErrorSummary error={error} />
      {cycle.contributions.length > 0 && (
        <section className="panel" aria-labelledby="views-h">
          <h2 id="views-h">Views given before the review</h2>
          <ul>
            {cycle.contributions.map((c) => (
              <li key={c.id}>
                <strong>{c.authorKind === 'parent' ? 'Parent' : 'Staff'}</strong> ({longDate(c.createdAt)}): {c.body}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="row">
        <TextField label="Meeting date" type="date" value={heldOn} onChange={setHeldOn} />
        <TextField label="Parent or carer present" hint="Leave empty if no parent came" value={parentName} onChange={setParentName} />
      </div>
      {version.targets.map((t, i) => (
        <fieldset key={t.id} className="item">
          <legend>
            Target {i + 1}: {t.description}
          </legend>
          {t.successCriterion && <p className="hint">Success looks like: {t.successCriterion}</p>}
          <div className="radios" role="radiogroup" aria-label={`Outcome of target ${i + 1}`}>
            {Object.entries(OUTCOME).map(([value, label]) => (
              <label key={value} className="radio">
                <input
                  type="radio"
                  name={`outcome-${t.id}`}
                  value={value}
                  checked={outcomes[t.id]?.outcome === value}
                  onChange={() => setOutcomes((o) => ({ ...o, [t.id]: { outcome: value, measuredValue: o[t.id]?.measuredValue ?? '' } }))}
                />{' '}
                {label}
              </label>
            ))}
          </div>
          <TextField
            label={`Measured now (target ${i + 1})`}
            value={outcomes[t.id]?.measuredValue ?? ''}
            onChange={(v) => setOutcomes((o) => ({ ...o, [t.id]: { outcome: o[t.id]?.outcome ?? '', measuredValue: v } }))}
          />
        </fieldset>
      ))}
      <TextArea label="What worked" value={whatWorked} onChange={setWorked} />
      <TextArea label="What did not work" value={whatDidNotWork} onChange={setNotWorked} />
      <TextArea label="The parents' views" value={parentViews} onChange={setParentViews} />
      <TextArea label="The pupil's views" value={pupilViews} onChange={setPupilViews} />
      <fieldset>
        <legend>Decision</legend>
        {Object.entries(DECISION).map(([value, label]) => (
          <label key={value} className="radio">
            <input type="radio" name="decision" value={value} checked={decision === value} onChange={() => setDecision(value)} /> {label}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={busy}>
        Record the review
      </button>
    </form>
  );
}

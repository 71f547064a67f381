import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../../api/client';
import { $api, SEEDS_A_FORM } from '../../api/query';
import { DECISION, OUTCOME, decisionsFor, longDate, todayIso } from '../../labels';
import { Link } from '../../router';
import { ErrorSummary, Loading, Page, TextArea, TextField, useAction } from '../../ui';
import { useCycle } from './cycle';
import { AttendeesSection } from './plan-sections';
import { emptyOutcome, reviewBody, reviewForm, type OutcomeForm, type ReviewForm as ReviewFormState } from './review-form';

type P = { params: Record<string, string> };
type Cycle = Schemas['CycleDto'];

export function ReviewPage({ params }: P) {
  const { schoolId, pupilId, cycleId } = params as { schoolId: string; pupilId: string; cycleId: string };
  const cycle = useCycle(schoolId, cycleId);
  // The decisions on offer depend on whether the pupil has an EHC plan.
  const status = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/sen-status', { params: { path: { schoolId, pupilId } } }, SEEDS_A_FORM);
  return (
    <Page title="Review meeting" wide>
      <Loading state={cycle}>
        {(c) => <ReviewForm schoolId={schoolId} pupilId={pupilId} cycle={c} status={status.data?.find((h) => !h.endDate)?.status} />}
      </Loading>
    </Page>
  );
}

function ReviewForm({ schoolId, pupilId, cycle, status }: { schoolId: string; pupilId: string; cycle: Cycle; status: string | undefined }) {
  const version = cycle.inForce;
  const [form, setForm] = useState<ReviewFormState>(() => reviewForm(todayIso(), { involvement: version?.involvement ?? null }));
  const [done, setDone] = useState<Schemas['ReviewResultDto'] | null>(null);
  const { busy, error, run } = useAction();
  if (!version) return <p>This plan has not been put in place, so there is nothing to review yet.</p>;
  if (done)
    return (
      <div className="notice success" role="status">
        <h2>Review recorded</h2>
        <p>{done.nextCycle ? 'A new plan has been opened with the unmet targets carried forward.' : 'The plan is closed.'}</p>
        <p>
          <Link to={`/app/s/${schoolId}/pupils/${pupilId}/reviews/${cycle.id}`}>Read or print the review record</Link>
        </p>
        <Link to={`/app/s/${schoolId}/pupils/${pupilId}`}>Back to the pupil</Link>
      </div>
    );
  const update = (change: Partial<ReviewFormState>) => setForm((f) => ({ ...f, ...change }));
  const setOutcome = (id: string, change: Partial<OutcomeForm>) =>
    setForm((f) => ({ ...f, outcomes: { ...f.outcomes, [id]: { ...(f.outcomes[id] ?? emptyOutcome()), ...change } } }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const body = reviewBody(form, version.targets) as Schemas['ReviewInputDto'];
      setDone(must(await api.POST('/v1/schools/{schoolId}/plan-cycles/{cycleId}/review', { params: { path: { schoolId, cycleId: cycle.id } }, body })));
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
      <TextField label="Meeting date" type="date" value={form.heldOn} onChange={(v) => update({ heldOn: v })} />
      <p className="hint">Who attended starts as those who agreed the plan: remove anyone who did not come and add anyone else.</p>
      <AttendeesSection attendees={form.attendees} onChange={(attendees) => update({ attendees })} />
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
                  checked={form.outcomes[t.id]?.outcome === value}
                  onChange={() => setOutcome(t.id, { outcome: value })}
                />{' '}
                {label}
              </label>
            ))}
          </div>
          <TextField
            label={`Measured now (target ${i + 1})`}
            value={form.outcomes[t.id]?.measuredValue ?? ''}
            onChange={(v) => setOutcome(t.id, { measuredValue: v })}
          />
          <TextField label={`Comment (target ${i + 1})`} value={form.outcomes[t.id]?.comment ?? ''} onChange={(v) => setOutcome(t.id, { comment: v })} />
        </fieldset>
      ))}
      <TextArea label="What worked" value={form.whatWorked} onChange={(v) => update({ whatWorked: v })} />
      <TextArea label="What did not work" value={form.whatDidNotWork} onChange={(v) => update({ whatDidNotWork: v })} />
      <TextArea label="The parents' views" value={form.parentViews} onChange={(v) => update({ parentViews: v })} />
      <TextArea label="The pupil's views" value={form.pupilViews} onChange={(v) => update({ pupilViews: v })} />
      <fieldset>
        <legend>Decision</legend>
        {status === 'E' && (
          <p className="hint">
            The pupil has an EHC plan: the local authority reviews or re-assesses it; the school cannot end it or ask for a new assessment.
          </p>
        )}
        {decisionsFor(status).map((value) => (
          <label key={value} className="radio">
            <input type="radio" name="decision" value={value} checked={form.decision === value} onChange={() => update({ decision: value })} />{' '}
            {DECISION[value]}
          </label>
        ))}
      </fieldset>
      {form.decision === 'escalate' && (
        <TextField
          label="Date the EHC needs assessment was requested"
          hint="Leave empty if it is requested today, at the review"
          type="date"
          value={form.ehcnaRequestedOn}
          onChange={(v) => update({ ehcnaRequestedOn: v })}
        />
      )}
      <button type="submit" className="button" disabled={busy}>
        Record the review
      </button>
    </form>
  );
}

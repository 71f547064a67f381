import { PrintButton } from '../print';
import { ParentEhcReviews } from './ehc-reviews';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Documents } from '../features/documents/Documents';
import { api, must, type Schemas } from '../api/client';
import { $api } from '../api/query';
import { BarChart } from '../charts';
import { longDate, personName, provisionText } from '../labels';
import { Link } from '../router';
import { ErrorSummary, EvidencePackButton, Loading, Page, TextArea, useAction } from '../ui';

type P = { params: Record<string, string> };
type Cycle = Schemas['CycleDto'];

/** Parent pages follow GOV.UK patterns (one thing per section, plain words, summary lists). */
export function Children({ params }: P) {
  const schoolId = params.schoolId;
  const state = $api.useQuery('get', '/v1/schools/{schoolId}/children', { params: { path: { schoolId } } });
  return (
    <Page title="Your child's support">
      <Loading state={state}>
        {(children) =>
          children.length === 0 ? (
            <p>No child is linked to your account yet. Contact the school's SENCO.</p>
          ) : (
            <ul className="list">
              {children.map((c) => (
                <li key={c.id}>
                  <Link to={`/app/s/${schoolId}/children/${c.id}`} className="big-link">
                    {personName(c)}
                  </Link>
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </Page>
  );
}

export function ChildPage({ params }: P) {
  const { schoolId, pupilId } = params as { schoolId: string; pupilId: string };
  const path = { schoolId, pupilId };
  const child = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}', { params: { path } });
  const plan = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/plan', { params: { path } });
  const provision = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/provision-map', { params: { path, query: {} } });
  const queryClient = useQueryClient();
  const onPlanChange = () => void queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/pupils/{pupilId}/plan'] });
  return (
    <Loading state={child}>
      {(c) => (
        <Page title={`${c.preferredFirstName ?? c.legalFirstName}'s support plan`}>
          <PrintButton label="Print the plan" />
          <Loading state={plan}>
            {(p) => <PlainPlan schoolId={schoolId} plan={p} childName={c.preferredFirstName ?? c.legalFirstName} onChange={onPlanChange} />}
          </Loading>
          <ParentEhcReviews schoolId={schoolId} pupilId={pupilId} childName={c.preferredFirstName ?? c.legalFirstName} />
          <section aria-labelledby="pack-h">
            <h2 id="pack-h">Everything in one document</h2>
            <p>
              The evidence pack has {c.preferredFirstName ?? c.legalFirstName}'s plans, reviews and the advice of other professionals, for example to ask the
              local authority for an EHC needs assessment.
            </p>
            <EvidencePackButton schoolId={schoolId} pupilId={pupilId} label="Download the evidence pack (PDF)" />
          </section>
          <section aria-labelledby="documents-h">
            <h2 id="documents-h">Documents</h2>
            <p>
              The documents the school has shared with you, and the ones you sent. You can send the school your own evidence, such as a private assessment or a
              letter.
            </p>
            <Documents schoolId={schoolId} pupilId={pupilId} viewer="parent" />
          </section>
          <section aria-labelledby="provision-h">
            <h2 id="provision-h">Extra help this school year</h2>
            <Loading state={provision}>
              {(map) =>
                map.provisions.length === 0 ? (
                  <p>{c.preferredFirstName ?? c.legalFirstName} is not in any small-group session this year.</p>
                ) : (
                  <>
                    <ul className="list">
                      {map.provisions.map((x) => (
                        <li key={x.enrolmentId}>
                          <strong>{x.interventionName}</strong>: {x.attended} session{x.attended === 1 ? '' : 's'} attended so far (
                          {x.minutesReceived < 90 ? `${x.minutesReceived} minutes` : `${Math.round(x.minutesReceived / 60)} hours`})
                        </li>
                      ))}
                    </ul>
                    <BarChart
                      title="Sessions held against sessions planned so far"
                      valueName="Held"
                      targetName="Planned"
                      bars={map.provisions.map((x) => ({ label: x.interventionName, value: x.delivered, target: x.planned }))}
                    />
                  </>
                )
              }
            </Loading>
            <p>
              <Link to={`/app/s/${schoolId}/children/${pupilId}/oap`}>What the council expects every school to provide, and what the school has done</Link>
            </p>
          </section>
        </Page>
      )}
    </Loading>
  );
}

function PlainPlan({ schoolId, plan, childName, onChange }: { schoolId: string; plan: Schemas['PupilPlanDto']; childName: string; onChange: () => void }) {
  const cycle = plan.current;
  const version = cycle?.inForce ?? null;
  const prompts = <EhcPrompts flags={plan.flags} />;
  if (!cycle || !version)
    return (
      <>
        {prompts}
        <p>There is no agreed plan yet. The school will arrange a meeting with you to agree one.</p>
      </>
    );
  return (
    <>
      {prompts}
      <dl className="summary-list">
        <div>
          <dt>Next review meeting</dt>
          <dd>{cycle.reviewDate ? longDate(cycle.reviewDate) : 'The school will tell you the date'}</dd>
        </div>
        <div>
          <dt>Plan agreed</dt>
          <dd>{longDate(version.agreedOn)}</dd>
        </div>
      </dl>
      <section aria-labelledby="targets-h">
        <h2 id="targets-h">What {childName} is working towards</h2>
        <ol className="targets">
          {version.targets.map((t) => (
            <li key={t.id}>
              <p className="target-text">{t.description}</p>
              {t.baseline && <p>Now: {t.baseline}</p>}
              {t.successCriterion && <p>We will know it has worked when: {t.successCriterion}</p>}
              {t.targetDate && <p>By {longDate(t.targetDate)}</p>}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="help-h">
        <h2 id="help-h">The help {childName} gets</h2>
        <ul>
          {version.provisions.map((x) => (
            <li key={x.id}>
              {x.description}
              {provisionText(x) ? `: ${provisionText(x)}` : ''}
            </li>
          ))}
        </ul>
        {version.homeSupport && <p>At home: {version.homeSupport}</p>}
      </section>
      {cycle.status === 'active' && <Views schoolId={schoolId} cycle={cycle} onSent={onChange} />}
    </>
  );
}

/**
 * The red flags that concern the parents' own next step: support that has not worked for a long time, where
 * the parents may ask for an EHC needs assessment themselves (Children and Families Act 2014 s.36; see
 * docs/domain.md, "Parents' right to request an EHC needs assessment"). The school's housekeeping flags stay
 * on the staff pages.
 */
const PARENT_PROMPTS = ['repeated_targets_not_met', 'long_support_little_progress'];

function EhcPrompts({ flags }: { flags: Schemas['FlagDto'][] }) {
  const shown = flags.filter((f) => PARENT_PROMPTS.includes(f.code));
  if (shown.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="ehc-prompt-h">
      <h2 id="ehc-prompt-h">Is SEN Support enough?</h2>
      <ul>
        {shown.map((f) => (
          <li key={f.code}>{f.message}</li>
        ))}
      </ul>
      <p>You can ask the local authority for an EHC needs assessment yourself; it must reply within 6 weeks.</p>
    </section>
  );
}

function Views({ schoolId, cycle, onSent }: { schoolId: string; cycle: Cycle; onSent: () => void }) {
  const [body, setBody] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useAction();
  const own = cycle.contributions.filter((c) => c.own);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (!body.trim()) throw new Error('Write your views before sending them');
      must(
        await api.POST('/v1/schools/{schoolId}/plan-cycles/{cycleId}/contributions', {
          params: { path: { schoolId, cycleId: cycle.id } },
          body: { body: body.trim() },
        }),
      );
      setSent(true);
      setBody('');
      onSent();
    });
  };
  return (
    <section aria-labelledby="views-h">
      <h2 id="views-h">Your views before the review</h2>
      {own.length > 0 && (
        <ul>
          {own.map((c) => (
            <li key={c.id}>
              {longDate(c.createdAt)}: {c.body}
            </li>
          ))}
        </ul>
      )}
      {sent && (
        <div className="notice success" role="status">
          Thank you. The school will read your views before the review meeting.
        </div>
      )}
      <ErrorSummary error={error} />
      <form onSubmit={submit}>
        <TextArea
          label="What is going well, and what is not?"
          hint="The SENCO and teachers will read this before the review meeting."
          value={body}
          onChange={setBody}
          rows={5}
        />
        <button type="submit" className="button" disabled={busy}>
          Send my views
        </button>
      </form>
    </section>
  );
}

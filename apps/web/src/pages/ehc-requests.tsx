import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { $api } from '../api/query';
import { longDate, todayIso } from '../labels';
import { Link } from '../router';
import { DataTable, ErrorSummary, Loading, Page, Pager, Select, Tag, TextArea, TextField, pageRange, rolesIn, useAction, useMe } from '../ui';

type Request = Schemas['EhcRequestDto'];
type Clock = Schemas['ClockDto'];
const PAGE_SIZE = 50;

const CLOCK: Record<string, string> = {
  assess_decision: 'Decision whether to assess (6 weeks)',
  issue_decision: 'Decision whether to issue a plan (16 weeks)',
  final_plan: 'Final plan (20 weeks)',
  school_advice: "School's advice (6 weeks from the authority's request)",
};
const OUTCOME: Record<string, string> = {
  received: 'Received by the authority',
  refused_to_assess: 'Refused to assess',
  agreed_to_assess: 'Agreed to assess',
  advice_requested: "Authority asked for the school's advice",
  advice_sent: "School's advice sent",
  refused_to_issue: 'Refused to issue a plan',
  draft_plan: 'Draft plan',
  plan_issued: 'Plan issued',
  mediation: 'Mediation',
  mediation_certificate: 'Mediation certificate',
  appeal_lodged: 'Appeal lodged',
  withdrawn: 'Withdrawn',
};
const EXCEPTION: Record<string, string> = {
  school_closure: 'School closed for 4 weeks or more',
  personal_circumstances: "Child's or parent's exceptional circumstances",
  away_from_area: 'Away from the area for 4 weeks or more',
  information_late: 'Information not given in time',
  other: 'Other',
};
const STATE: Record<string, string> = {
  draft: 'Draft',
  awaiting_decision: 'Awaiting decision',
  assessing: 'Assessing',
  refused: 'Refused',
  issued: 'Plan issued',
  withdrawn: 'Withdrawn',
};
const WHO: Record<string, string> = { school: 'The school', parent: 'The parents', young_person: 'The young person' };

/** A clock's state in words, with a colour that repeats the words (never colour alone). */
function ClockState({ c }: { c: Clock }) {
  if (c.state === 'met') return <Tag tone="green">Met on {longDate(c.doneOn)}</Tag>;
  if (c.state === 'missed') return <Tag tone="red">{c.doneOn ? `Late: done on ${longDate(c.doneOn)}` : 'Missed'}</Tag>;
  if (c.state === 'paused') return <Tag tone="grey">Paused: exception recorded</Tag>;
  if (c.state === 'not_applicable') return <Tag tone="grey">Not applicable</Tag>;
  const days = c.daysLeft ?? 0;
  return <Tag tone={days <= 7 ? 'yellow' : 'blue'}>{days === 0 ? 'Due today' : `${days} day${days === 1 ? '' : 's'} left`}</Tag>;
}

function ClockTable({ request }: { request: Request }) {
  return (
    <DataTable label="Statutory clocks" columns={['Clock', 'Due', 'State', 'Exceptions recorded']}>
      {request.clocks.map((c) => (
        <tr key={c.clock}>
          <td>{CLOCK[c.clock]}</td>
          <td>{c.dueOn ? longDate(c.dueOn) : '—'}</td>
          <td>
            <ClockState c={c} />
          </td>
          <td>
            {/* Shown beside the clock; the statutory due date is not moved by it (docs/domain.md). */}
            {c.exceptions.length === 0
              ? 'None'
              : c.exceptions.map((e) => `${EXCEPTION[e.kind]} from ${longDate(e.startsOn)}${e.endsOn ? ` to ${longDate(e.endsOn)}` : ''}`).join('; ')}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** A request changed refreshes every read of requests: the school's list, the request, the pupil's requests. */
function useEhcRequestsRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      ['/v1/schools/{schoolId}/ehc-requests', '/v1/schools/{schoolId}/ehc-requests/{requestId}', '/v1/schools/{schoolId}/pupils/{pupilId}/ehc-requests'].map(
        (path) => queryClient.invalidateQueries({ queryKey: ['get', path] }),
      ),
    );
}

/** The SENCO's list of EHC needs-assessment requests with each clock. */
export function EhcRequests({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  const [page, setPage] = useState(1);
  const [state, setState] = useState('');
  // The page being left stays on screen until the next one comes (as the pager has always behaved).
  const list = $api.useQuery(
    'get',
    '/v1/schools/{schoolId}/ehc-requests',
    { params: { path: { schoolId }, query: { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE, ...(state ? { state: state as Request['state'] } : {}) } } },
    { placeholderData: keepPreviousData },
  );
  return (
    <Page title="EHC needs-assessment requests" wide>
      <p>Each request's statutory clocks run from the day the local authority received it. Record a request from the pupil's page.</p>
      <Select
        label="Show"
        value={state}
        onChange={(v) => {
          setState(v);
          setPage(1);
        }}
        options={STATE}
        empty="All requests"
      />
      <Loading state={list}>
        {(p) => (
          <>
            <p role="status">{pageRange(p, 'requests')}</p>
            <DataTable label="EHC needs-assessment requests" columns={['Pupil', 'Request', 'Received', 'State', 'Clocks']}>
              {p.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/app/s/${schoolId}/ehc-requests/${r.id}`}>{r.pupilName}</Link>
                  </td>
                  <td>
                    {WHO[r.requestedBy]} asked{r.authorityReference ? ` (${r.authorityReference})` : ''}
                  </td>
                  <td>{r.receivedOn ? longDate(r.receivedOn) : 'Not yet received'}</td>
                  <td>{STATE[r.state]}</td>
                  <td>
                    <ul>
                      {r.clocks
                        .filter((c) => c.dueOn)
                        .map((c) => (
                          <li key={c.clock}>
                            {CLOCK[c.clock]}: due {longDate(c.dueOn)} <ClockState c={c} />
                          </li>
                        ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </DataTable>
            <Pager label="requests" page={page} pageSize={PAGE_SIZE} total={p.total} onPage={setPage} />
          </>
        )}
      </Loading>
    </Page>
  );
}

/** After a refusal: what the SENCO can tell the parents (nothing is sent to them automatically). */
function AppealRights({ rights }: { rights: NonNullable<Request['appealRights']> }) {
  return (
    <section aria-labelledby="appeal-h" className="panel">
      <h2 id="appeal-h">The parents' right of appeal</h2>
      <p>
        The authority {rights.decision === 'refused_to_assess' ? 'refused to carry out an assessment' : 'refused to issue a plan'} on{' '}
        {longDate(rights.decidedOn)}. The parents (or the young person) can appeal to the First-tier Tribunal (SEND) by{' '}
        <strong>{longDate(rights.appealBy)}</strong>: 2 months from the decision letter, or 1 month from a mediation certificate if that is later. They must
        contact a mediation adviser first. Nothing has been sent to them by the school: advise them.
      </p>
      {rights.appealLodgedOn && <p>Appeal lodged on {longDate(rights.appealLodgedOn)}.</p>}
    </section>
  );
}

/** One request: its clocks, its history, and forms to record an outcome or an exception. */
export function EhcRequestPage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  const path = { schoolId, requestId: params.requestId };
  const { me } = useMe();
  const canRecord = rolesIn(me, schoolId).some((r) => r === 'senco' || r === 'head');
  const request = $api.useQuery('get', '/v1/schools/{schoolId}/ehc-requests/{requestId}', { params: { path } });
  const refresh = useEhcRequestsRefresh();
  const [outcome, setOutcome] = useState('');
  const [occurredOn, setOccurredOn] = useState(todayIso());
  const [note, setNote] = useState('');
  const [clock, setClock] = useState('');
  const [kind, setKind] = useState('');
  const [startsOn, setStartsOn] = useState(todayIso());
  const [endsOn, setEndsOn] = useState('');
  const recording = useAction();
  const excepting = useAction();
  const record = () =>
    recording.run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/ehc-requests/{requestId}/outcomes', {
          params: { path },
          body: { outcome: outcome as Schemas['EhcOutcomeInputDto']['outcome'], occurredOn, note: note || null },
        }),
      );
      setOutcome('');
      setNote('');
      await refresh();
    });
  const except = () =>
    excepting.run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/ehc-requests/{requestId}/exceptions', {
          params: { path },
          body: {
            clock: clock as Schemas['EhcExceptionInputDto']['clock'],
            kind: kind as Schemas['EhcExceptionInputDto']['kind'],
            startsOn,
            endsOn: endsOn || null,
          },
        }),
      );
      await refresh();
    });
  return (
    <Loading state={request}>
      {(r) => (
        <Page title="EHC needs-assessment request" wide>
          <p>
            {WHO[r.requestedBy]} asked.{' '}
            {r.receivedOn ? `Received by the authority on ${longDate(r.receivedOn)}.` : 'Not yet received by the authority (a draft).'} State: {STATE[r.state]}.{' '}
            <Link to={`/app/s/${schoolId}/pupils/${r.pupilId}`}>Back to the pupil</Link>
          </p>
          {r.appealRights && <AppealRights rights={r.appealRights} />}
          <section aria-labelledby="clocks-h">
            <h2 id="clocks-h">Statutory clocks</h2>
            <p className="hint">A recorded exception is shown beside its clock and pauses its reminders; the statutory due date stays as the law sets it.</p>
            <ClockTable request={r} />
          </section>
          <section aria-labelledby="history-h">
            <h2 id="history-h">History</h2>
            <DataTable label="History of the request" columns={['Date', 'Entry', 'Note']}>
              {r.events.map((e) => (
                <tr key={e.id}>
                  <td>{longDate(e.occurredOn ?? e.recordedAt)}</td>
                  <td>
                    {e.kind === 'outcome'
                      ? OUTCOME[e.outcome ?? '']
                      : e.kind === 'exception'
                        ? `Exception: ${EXCEPTION[e.exceptionKind ?? '']} (${CLOCK[e.clock ?? '']})`
                        : 'Correction'}
                    {e.correctedById && (
                      <>
                        {' '}
                        <Tag tone="grey">Corrected</Tag>
                      </>
                    )}
                  </td>
                  <td>{e.note ?? ''}</td>
                </tr>
              ))}
            </DataTable>
          </section>
          {canRecord && (
            <>
              <section aria-labelledby="outcome-h">
                <h2 id="outcome-h">Record an outcome</h2>
                <ErrorSummary error={recording.error} />
                <Select label="Outcome" value={outcome} onChange={setOutcome} options={OUTCOME} empty="Choose" />
                <TextField label="Date (for a decision: the date of the authority's letter)" type="date" value={occurredOn} onChange={setOccurredOn} />
                <TextArea label="Note (optional)" value={note} onChange={setNote} />
                <button type="button" className="button" disabled={recording.busy || !outcome} onClick={() => void record()}>
                  Record the outcome
                </button>
              </section>
              <section aria-labelledby="exception-h">
                <h2 id="exception-h">Record an exception the authority relies on</h2>
                <ErrorSummary error={excepting.error} />
                <Select label="Clock" value={clock} onChange={setClock} options={CLOCK} empty="Choose" />
                <Select label="Exception" value={kind} onChange={setKind} options={EXCEPTION} empty="Choose" />
                <TextField label="From" type="date" value={startsOn} onChange={setStartsOn} />
                <TextField label="To (leave empty while it lasts)" type="date" value={endsOn} onChange={setEndsOn} />
                <button type="button" className="button secondary" disabled={excepting.busy || !clock || !kind} onClick={() => void except()}>
                  Record the exception
                </button>
              </section>
            </>
          )}
        </Page>
      )}
    </Loading>
  );
}

/** The pupil page's section: the pupil's requests with their clocks, and a form to record a new one. */
export function PupilEhcRequests({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const list = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/ehc-requests', { params: { path: { schoolId, pupilId } } });
  const refresh = useEhcRequestsRefresh();
  const [requestedBy, setRequestedBy] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const adding = useAction();
  const add = () =>
    adding.run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/ehc-requests', {
          params: { path: { schoolId } },
          body: { pupilId, requestedBy: requestedBy as Request['requestedBy'], receivedOn: receivedOn || null },
        }),
      );
      setRequestedBy('');
      await refresh();
    });
  return (
    <>
      <Loading state={list}>
        {(items) =>
          items.length === 0 ? (
            <p>No request recorded.</p>
          ) : (
            <ul>
              {items.map((r) => (
                <li key={r.id}>
                  <Link to={`/app/s/${schoolId}/ehc-requests/${r.id}`}>
                    {WHO[r.requestedBy]} asked{r.receivedOn ? `, received ${longDate(r.receivedOn)}` : ' (draft)'}
                  </Link>
                  : {STATE[r.state]}
                  {r.clocks
                    .filter((c) => c.state === 'running' || c.state === 'missed' || c.state === 'paused')
                    .map((c) => (
                      <span key={c.clock}>
                        {' '}
                        · {CLOCK[c.clock]}: due {longDate(c.dueOn)} <ClockState c={c} />
                      </span>
                    ))}
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
      <h3>Record a request</h3>
      <p className="hint">The school, the parents or the young person may ask; nobody's permission is needed. The pupil stays on SEN Support meanwhile.</p>
      <ErrorSummary error={adding.error} />
      <Select label="Who asked" value={requestedBy} onChange={setRequestedBy} options={WHO} empty="Choose" />
      <TextField label="Received by the authority on (leave empty for a draft)" type="date" value={receivedOn} onChange={setReceivedOn} />
      <button type="button" className="button" disabled={adding.busy || !requestedBy} onClick={() => void add()}>
        Record the request
      </button>
    </>
  );
}

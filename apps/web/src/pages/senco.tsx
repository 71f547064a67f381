import { useEffect, useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { BarChart } from '../charts';
import {
  NEED,
  NEEDS,
  SEN_STATUS,
  STATUS,
  academicYear,
  isOneOf,
  type Need,
  type SenStatus,
  longDate,
  personName,
  provisionText,
  todayIso,
  yearLabel,
} from '../labels';
import { Link, navigate } from '../router';
import { CensusExport } from './census';
import { AddContact, Contacts, YoungPersonNotices } from './pupil-contacts';
import { TransferRecord } from './pupil-transfer';
import { Referrals } from './referrals';
import { Sharing } from './sharing';
import { Documents, documentsViewer } from '../features/documents/Documents';
import { ParentsToldQuestion, noticeAnswer } from './notice-question';
import {
  ErrorSummary,
  EvidencePackButton,
  Loading,
  Page,
  Select,
  Tag,
  TextArea,
  TextField,
  downloadBlob,
  rolesIn,
  useAction,
  useLoad,
  useMe,
  DataTable,
} from '../ui';
import { PupilEhcRequests } from './ehc-requests';

type P = { params: Record<string, string> };
type Row = Schemas['RegisterRowDto'];
type Version = Schemas['VersionDto'];
type Flag = Schemas['FlagDto'];

/** Who a notification went to: a young person is told themself (CFA 2014 s.68). */
const RECIPIENT: Record<string, string> = { contact: 'Parent or carer', pupil: 'The pupil (young person)', user: 'Staff' };

/** Years in which a pupil reaches, or is past, the end of compulsory school age (docs/domain.md, "Young person"). */
const OWN_NOTICE_YEARS: readonly string[] = ['11', '12', '13'];
const YEARS = ['N1', 'N2', 'R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'] as const;
const statusTone = (s: string) => (s === 'K' ? 'blue' : s === 'E' ? 'green' : s === 'monitoring' ? 'yellow' : 'grey');

// ------------------------------------------------------------------------------------------ register

export function RegisterPage({ params }: P) {
  const schoolId = params.schoolId;
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [need, setNeed] = useState('');
  const [yearGroup, setYear] = useState('');
  const [asOf, setAsOf] = useState('');
  const [applied, setApplied] = useState({ q: '', status: '', need: '', yearGroup: '', asOf: '' });
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const query = () => {
    const x: Record<string, string> = {};
    for (const [k, v] of Object.entries(applied)) if (v) x[k] = v;
    return x;
  };
  const summary = useLoad(
    async () =>
      must(await api.GET('/v1/schools/{schoolId}/register/summary', { params: { path: { schoolId }, query: applied.asOf ? { asOf: applied.asOf } : {} } })),
    [schoolId, applied.asOf],
  );
  const page = useLoad(
    async () =>
      must(
        await api.GET('/v1/schools/{schoolId}/register', {
          params: { path: { schoolId }, query: { ...query(), ...(cursor ? { cursor } : {}), limit: 50 } },
        }),
      ),
    [schoolId, applied, cursor],
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCursor(undefined);
    setApplied({ q, status, need, yearGroup, asOf });
  };
  const { me } = useMe();
  const canExport = rolesIn(me, schoolId).some((r) => r === 'senco' || r === 'head');
  const exporting = useAction();
  // The export is in the standard import format, with the filters applied.
  const exportCsv = () =>
    exporting.run(async () => {
      const res = await api.GET('/v1/schools/{schoolId}/register/export', { params: { path: { schoolId }, query: query() }, parseAs: 'blob' });
      downloadBlob(must(res), `sen-register-${applied.asOf || todayIso()}.csv`);
    });
  return (
    <Page title="SEN register" wide>
      <Loading state={summary}>
        {(s) => (
          <section aria-labelledby="summary-h">
            <h2 id="summary-h" className="visually-hidden">
              Summary
            </h2>
            <ul className="cards">
              {(['E', 'K', 'monitoring'] as const).map((st) => (
                <li key={st} className="card">
                  <span className="card-number">{s.byStatus.find((b) => b.status === st)?.count ?? 0}</span>
                  <span>{STATUS[st]}</span>
                </li>
              ))}
              <li className="card">
                <span className="card-number">{s.total}</span>
                <span>Pupils on roll</span>
              </li>
            </ul>
          </section>
        )}
      </Loading>
      <form className="filters" onSubmit={submit} role="search" aria-label="Filter the register">
        <TextField label="Search by name or UPN" value={q} onChange={setQ} name="q" />
        <Select label="Status" value={status} onChange={setStatus} options={STATUS} empty="On the register (any)" />
        <Select label="Primary need" value={need} onChange={setNeed} options={NEED} empty="Any need" />
        <Select label="Year group" value={yearGroup} onChange={setYear} options={Object.fromEntries(YEARS.map((y) => [y, yearLabel(y)]))} empty="Any year" />
        <TextField label="As it was on" type="date" value={asOf} onChange={setAsOf} name="asOf" />
        <button type="submit" className="button">
          Apply filters
        </button>
      </form>
      {canExport && (
        <p>
          <button type="button" className="button secondary" disabled={exporting.busy} onClick={() => void exportCsv()}>
            Download this register as CSV
          </button>
        </p>
      )}
      <ErrorSummary error={exporting.error} />
      {canExport && <CensusExport schoolId={schoolId} />}
      <Loading state={page}>
        {(data) => (
          <>
            <p role="status">
              {data.items.length === 0 ? 'No pupils match.' : `Showing ${data.items.length} pupil${data.items.length === 1 ? '' : 's'}`} (register as on{' '}
              {longDate(data.asOf)})
            </p>
            {data.items.length > 0 && <RegisterTable schoolId={schoolId} rows={data.items} />}
            {data.nextCursor && (
              <button type="button" className="button secondary" onClick={() => setCursor(data.nextCursor!)}>
                Next page
              </button>
            )}
          </>
        )}
      </Loading>
    </Page>
  );
}

function RegisterTable({ schoolId, rows }: { schoolId: string; rows: Row[] }) {
  return (
    <DataTable label="Register table" columns={['Pupil', 'Year', 'Status', 'Primary need', 'Since', 'Parents told']}>
      {rows.map((r) => (
        <tr key={r.pupilId}>
          <th scope="row">
            <Link to={`/app/s/${schoolId}/pupils/${r.pupilId}`}>{personName(r)}</Link>
          </th>
          <td>
            {yearLabel(r.yearGroup)}
            {r.className ? ` (${r.className})` : ''}
          </td>
          <td>
            <Tag tone={statusTone(r.status)}>{STATUS[r.status]}</Tag>
            {r.status === 'E' && !r.ehcPlanDate && (
              <>
                {' '}
                <Tag tone="red">Plan date unknown</Tag>
              </>
            )}
          </td>
          <td>{r.primaryNeed ? NEED[r.primaryNeed] : '—'}</td>
          <td>{longDate(r.statusSince)}</td>
          <td>
            {r.parentNotice === 'pending' ? (
              <Tag tone="yellow">Pending</Tag>
            ) : r.parentNotice === 'sent' ? (
              'Sent'
            ) : r.parentNotice === 'given_outside' ? (
              'Given outside SEN Manager'
            ) : (
              '—'
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

// ------------------------------------------------------------------------------------------ red flags (the school list: flags.tsx)

export function FlagList({ flags }: { flags: Flag[] }) {
  if (flags.length === 0) return null;
  return (
    <ul className="flags">
      {flags.map((f, i) => (
        <li key={`${f.code}-${f.subjectId}-${i}`}>
          <strong>{f.message}</strong>
          <span className="hint"> ({f.rule})</span>
        </li>
      ))}
    </ul>
  );
}

// ------------------------------------------------------------------------------------------ pupil

export function PupilPage({ params }: P) {
  const schoolId = params.schoolId;
  const pupilId = params.pupilId;
  const path = { schoolId, pupilId };
  const { me } = useMe();
  const pupil = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}', { params: { path } })), [pupilId]);
  const plan = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/plan', { params: { path } })), [pupilId]);
  const deliveries = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/deliveries', { params: { path } })), [pupilId]);
  const provision = useLoad(
    async () => must<Schemas['PupilProvisionMapDto']>(await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/provision-map', { params: { path, query: {} } })),
    [pupilId],
  );
  const starting = useAction();
  const startPlan = () =>
    starting.run(async () => {
      const cycle = must(
        await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/plan-cycles', {
          params: { path },
          body: { startsOn: todayIso(), targets: [], provisions: [], needs: [] },
        }),
      );
      navigate(`/app/s/${schoolId}/pupils/${pupilId}/plan/${cycle.id}`);
    });
  return (
    <Loading state={pupil}>
      {(p) => (
        <Page title={personName(p)} wide>
          <dl className="summary-list">
            <div>
              <dt>Year</dt>
              <dd>
                {yearLabel(p.yearGroup)}
                {p.className ? `, class ${p.className}` : ''}
              </dd>
            </div>
            <div>
              <dt>Date of birth</dt>
              <dd>{longDate(p.dateOfBirth)}</dd>
            </div>
            <div>
              <dt>SEN status</dt>
              <dd>
                <Tag tone={statusTone(p.history?.find((h) => !h.endDate)?.status ?? 'N')}>{STATUS[p.history?.find((h) => !h.endDate)?.status ?? 'N']}</Tag>
                {p.history?.some((h) => !h.endDate && h.status === 'E' && !h.ehcPlanDate) && (
                  // The MIS import records an E pupil whose file had no plan date with the date unknown.
                  <>
                    {' '}
                    <Tag tone="red">EHC plan date unknown: to complete</Tag>
                  </>
                )}
              </dd>
            </div>
          </dl>

          <section aria-labelledby="plan-h">
            <h2 id="plan-h">Support plan</h2>
            <ErrorSummary error={starting.error} />
            <Loading state={plan}>
              {(pl) => <PlanSummary schoolId={schoolId} pupilId={pupilId} plan={pl} onStart={() => void startPlan()} busy={starting.busy} />}
            </Loading>
          </section>

          <p>
            <EvidencePackButton schoolId={schoolId} pupilId={pupilId} label="Download the evidence pack (PDF)" />
          </p>

          <section aria-labelledby="status-h">
            <h2 id="status-h">SEN history</h2>
            <StatusHistory history={p.history ?? []} />
            {['K', 'E'].includes(p.history?.find((h) => !h.endDate)?.status ?? 'N') && (
              <ChangeStatus
                schoolId={schoolId}
                pupilId={pupilId}
                current={p.history!.find((h) => !h.endDate)!}
                onDone={() => {
                  pupil.reload();
                  plan.reload();
                }}
              />
            )}
            {!['K', 'E'].includes(p.history?.find((h) => !h.endDate)?.status ?? 'N') && (
              <PlaceOnSupport
                schoolId={schoolId}
                pupilId={pupilId}
                onDone={() => {
                  pupil.reload();
                  plan.reload();
                  deliveries.reload();
                }}
              />
            )}
          </section>

          <section aria-labelledby="ehc-h">
            <h2 id="ehc-h">EHC needs-assessment requests</h2>
            <PupilEhcRequests schoolId={schoolId} pupilId={pupilId} />
          </section>

          <section aria-labelledby="provision-h">
            <h2 id="provision-h">Provision this year</h2>
            <Loading state={provision}>
              {(map) =>
                map.provisions.length === 0 ? (
                  <p>Not in any intervention group this year.</p>
                ) : (
                  <BarChart
                    title="Sessions delivered against planned so far"
                    valueName="Delivered"
                    targetName="Planned"
                    bars={map.provisions.map((x) => ({ label: x.groupName, value: x.delivered, target: x.planned }))}
                  />
                )
              }
            </Loading>
          </section>

          <section aria-labelledby="contacts-h">
            <h2 id="contacts-h">Parents and carers</h2>
            <Contacts schoolId={schoolId} pupilId={pupilId} contacts={p.contacts ?? []} onChange={pupil.reload} />
            <AddContact schoolId={schoolId} pupilId={pupilId} onAdded={pupil.reload} />
          </section>

          {/* A young person's own notices matter from Year 11, the year compulsory school age ends (and after it). */}
          {p.notices && (p.notices.youngPerson || OWN_NOTICE_YEARS.includes(p.yearGroup)) && (
            <section aria-labelledby="young-person-h">
              <h2 id="young-person-h">The pupil's own notices</h2>
              <YoungPersonNotices schoolId={schoolId} pupilId={pupilId} name={personName(p)} notices={p.notices} onSaved={pupil.reload} />
            </section>
          )}

          <section aria-labelledby="documents-h">
            <h2 id="documents-h">Documents</h2>
            <Documents schoolId={schoolId} pupilId={pupilId} viewer={documentsViewer(rolesIn(me, schoolId))} />
          </section>

          <section aria-labelledby="access-h">
            <h2 id="access-h">Who has read this record</h2>
            <AccessLog schoolId={schoolId} pupilId={pupilId} />
          </section>

          {rolesIn(me, schoolId).some((r) => r === 'senco' || r === 'head') && (
            <>
              <section aria-labelledby="sharing-h">
                <h2 id="sharing-h">Shared with professionals</h2>
                <Sharing schoolId={schoolId} pupilId={pupilId} />
              </section>
              <section aria-labelledby="referrals-h">
                <h2 id="referrals-h">Referrals to outside services</h2>
                <Referrals schoolId={schoolId} pupilId={pupilId} />
              </section>
            </>
          )}

          {p.leavingDate && p.recordSentOn !== undefined && (
            <section aria-labelledby="transfer-h">
              <h2 id="transfer-h">The SEN record for the next school</h2>
              <TransferRecord schoolId={schoolId} pupilId={pupilId} recordSentOn={p.recordSentOn} onSaved={pupil.reload} />
            </section>
          )}

          <section aria-labelledby="sar-h">
            <h2 id="sar-h">Subject access copy</h2>
            <SubjectAccess schoolId={schoolId} pupilId={pupilId} />
          </section>

          <section aria-labelledby="deliveries-h">
            <h2 id="deliveries-h">Notifications sent to parents and the pupil</h2>
            <Loading state={deliveries}>
              {(list) =>
                list.length === 0 ? (
                  <p>None yet.</p>
                ) : (
                  <DataTable label="Notifications" columns={['Message', 'To', 'How', 'Status', 'Sent']}>
                    {list.map((d) => (
                      <tr key={d.id}>
                        <td>
                          {d.subject}
                          {d.statutory ? ' (formal notice)' : ''}
                        </td>
                        <td>{RECIPIENT[d.recipientType] ?? d.recipientType}</td>
                        <td>{d.channel.replace('_', '-')}</td>
                        <td>{d.status.replace('_', ' ')}</td>
                        <td>{d.sentAt ? longDate(d.sentAt) : '—'}</td>
                      </tr>
                    ))}
                  </DataTable>
                )
              }
            </Loading>
          </section>
        </Page>
      )}
    </Loading>
  );
}

const RESOURCE: Record<string, string> = {
  plan: 'support plan',
  plan_cycle: 'plan cycle',
  plan_version: 'plan version',
  professional_reports: 'professional reports',
  evidence_pack: 'evidence pack',
  sen_history: 'SEN history',
  pupil_record: 'pupil record',
  provision_map: 'provision map',
  subject_access_export: 'subject access copy',
  transfer_record: 'transfer record',
  shared_record: 'record shared with professionals',
  referrals: 'referrals',
};
const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** The access log of the pupil's SEN record (every read, by whom, when), newest first, a page at a time. */
function AccessLog({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const [pages, setPages] = useState<Schemas['AccessLogEntryDto'][][]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const state = useLoad(async () => {
    const page = must(
      await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/access-log', {
        params: { path: { schoolId, pupilId }, query: { limit: 20, ...(cursor ? { cursor } : {}) } },
      }),
    );
    setPages((p) => [...p, page.items]);
    return page;
  }, [pupilId, cursor]);
  const entries = pages.flat();
  return (
    <>
      <ErrorSummary error={state.error} />
      {entries.length === 0 && state.data ? (
        <p>No one has read it yet.</p>
      ) : (
        entries.length > 0 && (
          <DataTable label="Access log" columns={['When', 'Who', 'Read']}>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{dateTime.format(new Date(e.occurredAt))}</td>
                <td>
                  {e.actorName ?? 'A removed account'} <span className="hint">({e.actorRoles.join(', ') || 'no role'})</span>
                </td>
                <td>{RESOURCE[e.resource] ?? e.resource}</td>
              </tr>
            ))}
          </DataTable>
        )
      )}
      {state.data?.nextCursor && (
        <button type="button" className="button secondary" onClick={() => setCursor(state.data!.nextCursor!)}>
          Show earlier reads
        </button>
      )}
    </>
  );
}

/**
 * A copy of everything held about the pupil, for a parent's subject access request: made by the worker, then
 * downloaded through the API with this session (so the file never has a public address).
 */
function SubjectAccess({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const list = useLoad(
    async () => must(await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/subject-access-exports', { params: { path: { schoolId, pupilId } } })),
    [pupilId],
  );
  const { busy, error, run } = useAction();
  const pending = list.data?.some((x) => x.status === 'queued') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(list.reload, 1500);
    return () => clearTimeout(timer);
  }, [pending, list.data, list.reload]);
  const download = (exportId: string, format: 'pdf' | 'html' | 'json') =>
    run(async () => {
      const res = await api.GET('/v1/schools/{schoolId}/subject-access-exports/{exportId}/file', {
        params: { path: { schoolId, exportId }, query: { format } },
        parseAs: 'blob',
      });
      downloadBlob(must(res), `subject-access-${exportId.slice(0, 8)}.${format}`);
    });
  return (
    <>
      <ErrorSummary error={error ?? list.error} />
      <p className="hint">Everything the school holds about the pupil in SEN Manager, for a subject access request. Making it is recorded in the access log.</p>
      <button
        type="button"
        className="button secondary"
        disabled={busy || pending}
        onClick={() =>
          void run(async () => {
            must(await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/subject-access-exports', { params: { path: { schoolId, pupilId } } }));
            list.reload();
          })
        }
      >
        Make a subject access copy
      </button>
      {list.data && list.data.length > 0 && (
        <ul className="list">
          {list.data.map((x) => (
            <li key={x.id}>
              Requested {dateTime.format(new Date(x.requestedAt))}:{' '}
              {x.status === 'queued' ? (
                <span role="status">being made…</span>
              ) : x.status === 'failed' ? (
                <Tag tone="red">Failed</Tag>
              ) : (
                <>
                  <Tag tone="green">Ready</Tag>{' '}
                  {(['pdf', 'html', 'json'] as const).map((f) => (
                    <button key={f} type="button" className="button-link" onClick={() => void download(x.id, f)}>
                      Download {f.toUpperCase()}
                    </button>
                  ))}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function StatusHistory({ history }: { history: Schemas['StatusEntryDto'][] }) {
  if (history.length === 0) return <p>No SEN status has been recorded.</p>;
  return (
    <DataTable label="SEN history" columns={['Status', 'From', 'To', 'Need', 'Reason']}>
      {history.map((h) => (
        <tr key={h.id}>
          <td>{STATUS[h.status]}</td>
          <td>{longDate(h.startDate)}</td>
          <td>{h.endDate ? longDate(h.endDate) : 'now'}</td>
          <td>{h.primaryNeed ? NEED[h.primaryNeed] : '—'}</td>
          <td>{h.reason}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function PlaceOnSupport({ schoolId, pupilId, onDone }: { schoolId: string; pupilId: string; onDone: () => void }) {
  const [primaryNeed, setNeed] = useState<Need | ''>('');
  const [startDate, setStart] = useState(todayIso());
  const [told, setTold] = useState<boolean | null>(null);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/sen-status', {
          params: { path: { schoolId, pupilId } },
          body: { status: 'K', startDate, primaryNeed: primaryNeed || undefined, reason, ...noticeAnswer(startDate, told) },
        }),
      );
      onDone();
    });
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="place-h">
      <h3 id="place-h">Place on SEN Support</h3>
      <p className="hint">The parents are sent the formal notice (Children and Families Act 2014, s.68) automatically.</p>
      <ErrorSummary error={error} />
      <Select label="Primary need" value={primaryNeed} onChange={(v) => setNeed(isOneOf(NEEDS, v) ? v : '')} options={NEED} empty="Choose a need" />
      <TextField label="Start date" type="date" value={startDate} onChange={setStart} name="startDate" />
      <ParentsToldQuestion startDate={startDate} value={told} onChange={setTold} />
      <TextArea label="Reason" hint="What the assessment found" value={reason} onChange={setReason} />
      <button type="submit" className="button" disabled={busy}>
        Place on SEN Support
      </button>
    </form>
  );
}

/**
 * Other changes of SEN status for a pupil on the register: an EHC plan issued, back to monitoring, or off the
 * register. Each starts a new period in the append-only history; ending support usually happens at a review.
 */
function ChangeStatus({ schoolId, pupilId, current, onDone }: { schoolId: string; pupilId: string; current: Schemas['StatusEntryDto']; onDone: () => void }) {
  const choices = Object.fromEntries(Object.entries(STATUS).filter(([k]) => k !== current.status));
  const [status, setStatus] = useState<SenStatus>(current.status === 'K' ? 'E' : 'K');
  // A new period starts after the current one began (the history is added to, never rewritten).
  const dayAfter = (() => {
    const d = new Date(`${current.startDate}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  })();
  const [startDate, setStart] = useState(todayIso() > current.startDate ? todayIso() : dayAfter);
  const [primaryNeed, setNeed] = useState<Need | ''>(current.primaryNeed ?? '');
  const [ehcPlanDate, setEhcDate] = useState(todayIso());
  const [reason, setReason] = useState('');
  const [told, setTold] = useState<boolean | null>(null);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/sen-status', {
          params: { path: { schoolId, pupilId } },
          body: {
            status,
            startDate,
            reason,
            ...(status === 'E' ? { ehcPlanDate } : {}),
            ...(status !== 'N' && primaryNeed ? { primaryNeed } : {}),
            ...(status === 'K' && current.status !== 'K' ? noticeAnswer(startDate, told) : {}),
          },
        }),
      );
      onDone();
    });
  };
  return (
    <details className="panel">
      <summary>Change SEN status</summary>
      <form onSubmit={submit}>
        <ErrorSummary error={error} />
        <Select label="New status" value={status} onChange={(v) => isOneOf(SEN_STATUS, v) && setStatus(v)} options={choices} />
        <TextField
          label="From"
          type="date"
          hint={`After ${longDate(current.startDate)}, when the current status began, and not in the future.`}
          value={startDate}
          onChange={setStart}
        />
        {status !== 'N' && (
          <Select
            label="Primary need (change of status)"
            value={primaryNeed}
            onChange={(v) => setNeed(isOneOf(NEEDS, v) ? v : '')}
            options={NEED}
            empty="Choose a need"
          />
        )}
        {status === 'E' && <TextField label="Date the EHC plan was issued" type="date" value={ehcPlanDate} onChange={setEhcDate} />}
        {status === 'K' && current.status !== 'K' && <ParentsToldQuestion startDate={startDate} value={told} onChange={setTold} />}
        <TextArea label="Why" value={reason} onChange={setReason} />
        <button type="submit" className="button" disabled={busy}>
          Change the status
        </button>
      </form>
    </details>
  );
}

function PlanSummary({
  schoolId,
  pupilId,
  plan,
  onStart,
  busy,
}: {
  schoolId: string;
  pupilId: string;
  plan: Schemas['PupilPlanDto'];
  onStart: () => void;
  busy: boolean;
}) {
  const current = plan.current;
  const version = current?.inForce ?? current?.pending ?? null;
  const past = plan.cycles.filter((c) => c.status === 'reviewed' || c.status === 'closed');
  return (
    <>
      {plan.flags.length > 0 && (
        <div className="flags-panel" aria-labelledby="plan-flags-h">
          <h3 id="plan-flags-h">Red flags</h3>
          <FlagList flags={plan.flags} />
        </div>
      )}
      {!current || current.status === 'reviewed' || current.status === 'closed' ? (
        <>
          <p>No plan is open.</p>
          <button type="button" className="button" onClick={onStart} disabled={busy}>
            Start a plan
          </button>
        </>
      ) : (
        <>
          <p>
            Plan {current.number}: {current.status === 'planning' ? 'being written' : 'in place'}
            {current.reviewDate ? `, review due ${longDate(current.reviewDate)}` : ''}.
          </p>
          {version && <PlanTargets version={version} />}
          <p className="actions">
            <Link className="button" to={`/app/s/${schoolId}/pupils/${pupilId}/plan/${current.id}`}>
              {current.status === 'planning' ? 'Continue writing the plan' : 'Edit the plan'}
            </Link>
            {current.status === 'active' && (
              <Link className="button secondary" to={`/app/s/${schoolId}/pupils/${pupilId}/review/${current.id}`}>
                Hold the review
              </Link>
            )}
          </p>
        </>
      )}
      {past.length > 0 && (
        <>
          <h3>Past plans</h3>
          <BarChart
            title="Targets achieved at each review"
            valueName="Achieved"
            targetName="Targets reviewed"
            bars={past.map((c) => ({
              label: `Plan ${c.number} (${longDate(c.reviewedOn)})`,
              value: c.achieved,
              target: c.achieved + c.partlyAchieved + c.notAchieved,
            }))}
          />
        </>
      )}
    </>
  );
}

export function PlanTargets({ version }: { version: Version }) {
  return (
    <>
      <h3>Targets</h3>
      {version.targets.length === 0 ? (
        <p>No targets yet.</p>
      ) : (
        <ol className="targets">
          {version.targets.map((t) => (
            <li key={t.id}>
              <strong>{t.description}</strong>
              {t.successCriterion && <p>Success looks like: {t.successCriterion}</p>}
              {t.targetDate && <p className="hint">By {longDate(t.targetDate)}</p>}
            </li>
          ))}
        </ol>
      )}
      <h3>Provision</h3>
      {version.provisions.length === 0 ? (
        <p>No provision yet.</p>
      ) : (
        <ul>
          {version.provisions.map((x) => (
            <li key={x.id}>
              {x.description}
              {provisionText(x) ? ` – ${provisionText(x)}` : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export { academicYear };

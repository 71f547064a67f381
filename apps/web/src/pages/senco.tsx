import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { BarChart } from '../charts';
import { AREA, DECISION, NEED, OUTCOME, PERIOD, STAFF_ROLE, STATUS, academicYear, longDate, personName, provisionText, todayIso, yearLabel } from '../labels';
import { Link, navigate } from '../router';
import { ParentsToldQuestion, noticeAnswer } from './notice-question';
import { ErrorSummary, EvidencePackButton, Field, Loading, Page, Select, Tag, TextArea, TextField, downloadBlob, rolesIn, useAction, useLoad, useMe, DataTable } from '../ui';

type P = { params: Record<string, string> };
type Row = Schemas['RegisterRowDto'];
type Version = Schemas['VersionDto'];
type Cycle = Schemas['CycleDto'];
type Flag = Schemas['FlagDto'];

const YEARS = ['N1', 'N2', 'R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'] as const;
const statusTone = (s: string) => (s === 'K' ? 'blue' : s === 'E' ? 'green' : s === 'monitoring' ? 'yellow' : 'grey');

// ------------------------------------------------------------------------------------------ register

export function RegisterPage({ params }: P) {
  const schoolId = params.schoolId!;
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
  const summary = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/register/summary', { params: { path: { schoolId }, query: applied.asOf ? { asOf: applied.asOf } : {} } })), [schoolId, applied.asOf]);
  const page = useLoad(
    async () => must(await api.GET('/v1/schools/{schoolId}/register', { params: { path: { schoolId }, query: { ...query(), ...(cursor ? { cursor } : {}), limit: 50 } as never } })),
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
      const res = await api.GET('/v1/schools/{schoolId}/register/export', { params: { path: { schoolId }, query: query() as never }, parseAs: 'blob' });
      downloadBlob(must(res) as unknown as Blob, `sen-register-${applied.asOf || todayIso()}.csv`);
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
      <Loading state={page}>
        {(data) => (
          <>
            <p role="status">
              {data.items.length === 0 ? 'No pupils match.' : `Showing ${data.items.length} pupil${data.items.length === 1 ? '' : 's'}`} (register as on {longDate(data.asOf)})
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
            {r.status === 'E' && !r.ehcPlanDate && <> <Tag tone="red">Plan date unknown</Tag></>}
          </td>
          <td>{r.primaryNeed ? NEED[r.primaryNeed] : '—'}</td>
          <td>{longDate(r.statusSince)}</td>
          <td>{r.parentNotice === 'pending' ? <Tag tone="yellow">Pending</Tag> : r.parentNotice === 'sent' ? 'Sent' : r.parentNotice === 'given_outside' ? 'Given outside SEN Manager' : '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}

// ------------------------------------------------------------------------------------------ red flags

export function Flags({ params }: P) {
  const schoolId = params.schoolId!;
  const [code, setCode] = useState('');
  const state = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/plan-flags', { params: { path: { schoolId }, query: code ? { code: code as never } : {} } })), [schoolId, code]);
  const codes = ['review_overdue', 'no_plan', 'target_unmeasurable', 'no_parental_involvement', 'too_few_reviews', 'review_date_slipped', 'targets_unchanged', 'no_provision'];
  return (
    <Page title="Red flags across the school" wide>
      <Select label="Show" value={code} onChange={setCode} options={Object.fromEntries(codes.map((c) => [c, c.replace(/_/g, ' ')]))} empty="Every flag" />
      <Loading state={state}>
        {(list) =>
          list.length === 0 ? (
            <p role="status">No pupil has a red flag.</p>
          ) : (
            <>
              <p role="status">
                {list.length} pupil{list.length === 1 ? '' : 's'} with red flags
              </p>
              <ul className="flag-list">
                {list.map((p) => (
                  <li key={p.pupilId}>
                    <h2 className="h3">
                      <Link to={`/app/s/${schoolId}/pupils/${p.pupilId}`}>
                        {p.firstName} {p.lastName}
                      </Link>{' '}
                      <span className="hint">
                        {yearLabel(p.yearGroup)} · {STATUS[p.status]}
                      </span>
                    </h2>
                    <FlagList flags={p.flags} />
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </Loading>
    </Page>
  );
}

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
  const schoolId = params.schoolId!;
  const pupilId = params.pupilId!;
  const path = { schoolId, pupilId };
  const pupil = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}', { params: { path } })), [pupilId]);
  const plan = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/plan', { params: { path } })), [pupilId]);
  const deliveries = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/deliveries', { params: { path } })), [pupilId]);
  const provision = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/provision-map', { params: { path, query: {} } })) as Schemas['PupilProvisionMapDto'], [pupilId]);
  const starting = useAction();
  const startPlan = () =>
    starting.run(async () => {
      const cycle = must(await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/plan-cycles', { params: { path }, body: { startsOn: todayIso(), targets: [], provisions: [], needs: [] } }));
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
                  <> <Tag tone="red">EHC plan date unknown: to complete</Tag></>
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
            <Contacts schoolId={schoolId} contacts={p.contacts ?? []} onChange={pupil.reload} />
            <AddContact schoolId={schoolId} pupilId={pupilId} onAdded={pupil.reload} />
          </section>

          <section aria-labelledby="access-h">
            <h2 id="access-h">Who has read this record</h2>
            <AccessLog schoolId={schoolId} pupilId={pupilId} />
          </section>

          <section aria-labelledby="sar-h">
            <h2 id="sar-h">Subject access copy</h2>
            <SubjectAccess schoolId={schoolId} pupilId={pupilId} />
          </section>

          <section aria-labelledby="deliveries-h">
            <h2 id="deliveries-h">Notifications sent to parents</h2>
            <Loading state={deliveries}>
              {(list) =>
                list.length === 0 ? (
                  <p>None yet.</p>
                ) : (
                  <DataTable label="Notifications" columns={['Message', 'How', 'Status', 'Sent']}>
                    {list.map((d) => (
                      <tr key={d.id}>
                        <td>
                          {d.subject}
                          {d.statutory ? ' (formal notice)' : ''}
                        </td>
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
  plan: 'support plan', plan_cycle: 'plan cycle', plan_version: 'plan version', professional_reports: 'professional reports', evidence_pack: 'evidence pack',
  sen_history: 'SEN history', pupil_record: 'pupil record', provision_map: 'provision map', subject_access_export: 'subject access copy', transfer_record: 'transfer record',
};
const dateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

/** The access log of the pupil's SEN record (every read, by whom, when), newest first, a page at a time. */
function AccessLog({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const [pages, setPages] = useState<Schemas['AccessLogEntryDto'][][]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const state = useLoad(async () => {
    const page = must(await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/access-log', { params: { path: { schoolId, pupilId }, query: { limit: 20, ...(cursor ? { cursor } : {}) } } }));
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
  const list = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/subject-access-exports', { params: { path: { schoolId, pupilId } } })), [pupilId]);
  const { busy, error, run } = useAction();
  const pending = list.data?.some((x) => x.status === 'queued') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(list.reload, 1500);
    return () => clearTimeout(timer);
  }, [pending, list.data, list.reload]);
  const download = (exportId: string, format: 'pdf' | 'html' | 'json') =>
    run(async () => {
      const res = await api.GET('/v1/schools/{schoolId}/subject-access-exports/{exportId}/file', { params: { path: { schoolId, exportId }, query: { format } }, parseAs: 'blob' });
      downloadBlob(must(res) as unknown as Blob, `subject-access-${exportId.slice(0, 8)}.${format}`);
    });
  return (
    <>
      <ErrorSummary error={error ?? list.error} />
      <p className="hint">Everything the school holds about the pupil in SEN Manager, for a subject access request. Making it is recorded in the access log.</p>
      <button type="button" className="button secondary" disabled={busy || pending} onClick={() => void run(async () => {
        must(await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/subject-access-exports', { params: { path: { schoolId, pupilId } } }));
        list.reload();
      })}>
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
  const [primaryNeed, setNeed] = useState('');
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
          body: { status: 'K', startDate, primaryNeed: (primaryNeed || undefined) as never, reason, ...noticeAnswer(startDate, told) },
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
      <Select label="Primary need" value={primaryNeed} onChange={setNeed} options={NEED} empty="Choose a need" />
      <TextField label="Start date" type="date" value={startDate} onChange={setStart} name="startDate" />
      <ParentsToldQuestion startDate={startDate} value={told} onChange={setTold} />
      <TextArea label="Reason" hint="What the assessment found" value={reason} onChange={setReason} />
      <button type="submit" className="button" disabled={busy}>
        Place on SEN Support
      </button>
    </form>
  );
}

const RELATIONSHIP: Record<string, string> = {
  mother: 'Mother', father: 'Father', parent: 'Parent', step_parent: 'Step-parent', carer: 'Carer', foster_carer: 'Foster carer', guardian: 'Guardian',
  grandparent: 'Grandparent', sibling: 'Sibling', social_worker: 'Social worker', other: 'Other',
};

/** A parent or carer the MIS did not have; with parental responsibility they get the formal notices. */
function AddContact({ schoolId, pupilId, onAdded }: { schoolId: string; pupilId: string; onAdded: () => void }) {
  const [open, setOpen] = useState(false);
  const [firstName, setFirst] = useState('');
  const [lastName, setLast] = useState('');
  const [relationship, setRelationship] = useState('mother');
  const [responsibility, setResponsibility] = useState(true);
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [preferredChannel, setChannel] = useState('email');
  const { busy, error, run } = useAction();
  if (!open)
    return (
      <button type="button" className="button secondary" onClick={() => setOpen(true)}>
        Add a parent or carer
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/contacts', {
          params: { path: { schoolId, pupilId } },
          body: {
            firstName: firstName.trim(), lastName: lastName.trim(), relationship: relationship as never, parentalResponsibility: responsibility,
            email: (email.trim() || null) as never, phone: (phone.trim() || null) as never, preferredChannel: preferredChannel as never,
          },
        }),
      );
      setOpen(false);
      onAdded();
    });
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="add-contact-h">
      <h3 id="add-contact-h">Add a parent or carer</h3>
      <ErrorSummary error={error} />
      <div className="row">
        <TextField label="First name" value={firstName} onChange={setFirst} autoComplete="off" />
        <TextField label="Last name" value={lastName} onChange={setLast} autoComplete="off" />
      </div>
      <Select label="Relationship to the pupil" value={relationship} onChange={setRelationship} options={RELATIONSHIP} />
      <label className="check">
        <input type="checkbox" checked={responsibility} onChange={(e) => setResponsibility(e.target.checked)} /> Has parental responsibility
      </label>
      <div className="row">
        <TextField label="Email (optional)" type="email" value={email} onChange={setEmail} autoComplete="off" />
        <TextField label="Phone (optional)" type="tel" value={phone} onChange={setPhone} autoComplete="off" />
      </div>
      <Select label="How they prefer to hear from school" value={preferredChannel} onChange={setChannel} options={{ email: 'Email', sms: 'Text message', phone: 'Phone', post: 'Letter' }} />
      <button type="submit" className="button" disabled={busy}>
        Add
      </button>{' '}
      <button type="button" className="button-link" onClick={() => setOpen(false)}>
        Cancel
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
  const [status, setStatus] = useState(current.status === 'K' ? 'E' : 'K');
  // A new period starts after the current one began (the history is added to, never rewritten).
  const dayAfter = (() => {
    const d = new Date(`${current.startDate}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  })();
  const [startDate, setStart] = useState(todayIso() > current.startDate ? todayIso() : dayAfter);
  const [primaryNeed, setNeed] = useState<string>(current.primaryNeed ?? '');
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
            status: status as never, startDate, reason, ...(status === 'E' ? { ehcPlanDate } : {}), ...(status !== 'N' && primaryNeed ? { primaryNeed: primaryNeed as never } : {}),
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
        <Select label="New status" value={status} onChange={setStatus} options={choices} />
        <TextField label="From" type="date" hint={`After ${longDate(current.startDate)}, when the current status began, and not in the future.`} value={startDate} onChange={setStart} />
        {status !== 'N' && <Select label="Primary need (change of status)" value={primaryNeed} onChange={setNeed} options={NEED} empty="Choose a need" />}
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

function Contacts({ schoolId, contacts, onChange }: { schoolId: string; contacts: Schemas['ContactLinkDto'][]; onChange: () => void }) {
  const [links, setLinks] = useState<Record<string, string>>({});
  const { error, run } = useAction();
  if (contacts.length === 0) return <p>No parent or carer is recorded. Add them through the MIS import.</p>;
  return (
    <>
      <ErrorSummary error={error} />
      <ul className="list">
        {contacts.map((c) => (
          <li key={c.contactId}>
            <strong>
              {c.firstName} {c.lastName}
            </strong>{' '}
            ({c.relationship.replace('_', ' ')}
            {c.parentalResponsibility ? ', parental responsibility' : ''}) {c.email && <span className="hint">{c.email}</span>}{' '}
            {c.hasAccount ? (
              <Tag tone="green">Uses SEN Manager</Tag>
            ) : c.email ? (
              <button
                type="button"
                className="button secondary small"
                onClick={() =>
                  void run(async () => {
                    const inv = must(await api.POST('/v1/schools/{schoolId}/contacts/{contactId}/invitation', { params: { path: { schoolId, contactId: c.contactId } } }));
                    setLinks((l) => ({ ...l, [c.contactId]: inv.acceptUrl }));
                    onChange();
                  })
                }
              >
                Invite {c.firstName} {c.lastName} to SEN Manager
              </button>
            ) : null}
            {links[c.contactId] && (
              <Field label={`Invitation link for ${c.firstName} ${c.lastName}`} hint="Single use. Give it only to this parent or carer.">
                {(id) => <input id={id} readOnly value={links[c.contactId]} className="invitation-link" onFocus={(e) => e.currentTarget.select()} />}
              </Field>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function PlanSummary({ schoolId, pupilId, plan, onStart, busy }: { schoolId: string; pupilId: string; plan: Schemas['PupilPlanDto']; onStart: () => void; busy: boolean }) {
  const current = plan.current as Cycle | null;
  const version = (current?.inForce ?? current?.pending ?? null) as Version | null;
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
            bars={past.map((c) => ({ label: `Plan ${c.number} (${longDate(c.reviewedOn)})`, value: c.achieved, target: c.achieved + c.partlyAchieved + c.notAchieved }))}
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

// ------------------------------------------------------------------------------------------ plan editor

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

/** A plan cycle as the API gives it (the plan editor and the review meeting both start from one). */
const useCycle = (schoolId: string, cycleId: string) =>
  useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/plan-cycles/{cycleId}', { params: { path: { schoolId, cycleId } } })), [cycleId]);

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

// ------------------------------------------------------------------------------------------ review

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

export { academicYear };

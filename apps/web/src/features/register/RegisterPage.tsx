import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../../api/client';
import { NEED, STATUS, longDate, personName, todayIso, yearLabel } from '../../labels';
import { Link } from '../../router';
import { CensusExport } from '../../pages/census';
import { DataTable, Loading, Page, Select, Tag, TextField, downloadBlob, rolesIn, useAction, useLoad, useMe, ErrorSummary } from '../../ui';
import { YEARS, statusTone } from './labels';

type P = { params: Record<string, string> };
type Row = Schemas['RegisterRowDto'];

/**
 * The SEN register (docs/web.md, Pages): the summary counts, search and filters, "as it was on" a date, the
 * CSV in the standard import format and the census file.
 */
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

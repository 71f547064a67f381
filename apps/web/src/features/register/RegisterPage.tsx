import { useEffect, useState, type FormEvent } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { api, must, type Schemas } from '../../api/client';
import { $api, FRESH_EACH_VISIT } from '../../api/query';
import { NEED, STATUS, isOneOf, longDate, personName, todayIso, yearLabel } from '../../labels';
import { Link, navigate, useLocation } from '../../router';
import { CensusExport } from '../../pages/census';
import { DataTable, Loading, Page, Select, Tag, TextField, downloadBlob, rolesIn, useAction, useMe, ErrorSummary } from '../../ui';
import { YEARS, statusTone } from './labels';
import { ORDERS, SORTS, readRegisterView, registerFilters, registerHref, type RegisterView } from './register-search';

type P = { params: Record<string, string> };
type Row = Schemas['RegisterRowDto'];

/**
 * The SEN register (docs/web.md, Pages): the summary counts, search, filters and sort, "as it was on" a date (all
 * in the address), the CSV in the standard import format and the census file.
 */
export function RegisterPage({ params }: P) {
  const schoolId = params.schoolId;
  const base = `/app/s/${schoolId}/register`;
  const location = useLocation();
  // The view lives in the address (bookmark it, share it, go back to it); the form edits a copy until applied.
  const view = readRegisterView(location.search);
  const [form, setForm] = useState(view);
  useEffect(() => setForm(readRegisterView(location.search)), [location.search]);
  const field = (key: keyof RegisterView) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const filters = registerFilters(view);
  const summary = $api.useQuery(
    'get',
    '/v1/schools/{schoolId}/register/summary',
    { params: { path: { schoolId }, query: view.asOf ? { asOf: view.asOf } : {} } },
    FRESH_EACH_VISIT,
  );
  // The page being left stays on screen until the next one comes (a filter or a page turn).
  const page = $api.useQuery(
    'get',
    '/v1/schools/{schoolId}/register',
    { params: { path: { schoolId }, query: { ...filters, sort: view.sort, order: view.order, ...(view.cursor ? { cursor: view.cursor } : {}), limit: 50 } } },
    { ...FRESH_EACH_VISIT, placeholderData: keepPreviousData },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(registerHref(base, { ...form, cursor: '' }));
  };
  const { me } = useMe();
  const canExport = rolesIn(me, schoolId).some((r) => r === 'senco' || r === 'head');
  const exporting = useAction();
  // The export is in the standard import format, with the filters applied.
  const exportCsv = () =>
    exporting.run(async () => {
      const res = await api.GET('/v1/schools/{schoolId}/register/export', { params: { path: { schoolId }, query: filters }, parseAs: 'blob' });
      downloadBlob(must(res), `sen-register-${view.asOf || todayIso()}.csv`);
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
        <TextField label="Search by name or UPN" value={form.q} onChange={field('q')} name="q" />
        <Select label="Status" value={form.status} onChange={field('status')} options={STATUS} empty="On the register (any)" />
        <Select label="Primary need" value={form.need} onChange={field('need')} options={NEED} empty="Any need" />
        <Select
          label="Year group"
          value={form.yearGroup}
          onChange={field('yearGroup')}
          options={Object.fromEntries(YEARS.map((y) => [y, yearLabel(y)]))}
          empty="Any year"
        />
        <TextField label="As it was on" type="date" value={form.asOf} onChange={field('asOf')} name="asOf" />
        <Select label="Sort by" value={form.sort} onChange={(v) => isOneOf(SORTS, v) && setForm((f) => ({ ...f, sort: v }))} options={SORTS} />
        <Select label="Order" value={form.order} onChange={(v) => isOneOf(ORDERS, v) && setForm((f) => ({ ...f, order: v }))} options={ORDERS} />
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
      {canExport && <Link to={`/app/s/${schoolId}/census-check`}>Census check: the counts the census would return, before the file</Link>}
      <Loading state={page}>
        {(data) => (
          <>
            <p role="status">
              {data.items.length === 0 ? 'No pupils match.' : `Showing ${data.items.length} pupil${data.items.length === 1 ? '' : 's'}`} (register as on{' '}
              {longDate(data.asOf)})
            </p>
            {data.items.length > 0 && <RegisterTable schoolId={schoolId} rows={data.items} />}
            <p>
              {view.cursor && (
                <Link className="button secondary" to={registerHref(base, { ...view, cursor: '' })}>
                  First page
                </Link>
              )}{' '}
              {data.nextCursor && (
                <Link className="button secondary" to={registerHref(base, { ...view, cursor: data.nextCursor })}>
                  Next page
                </Link>
              )}
            </p>
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

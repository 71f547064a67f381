import { useEffect, useState, type FormEvent } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { $api, FRESH_EACH_VISIT } from '../api/query';
import { STATUS, yearLabel } from '../labels';
import { Link, navigate, useLocation } from '../router';
import { Loading, Page, Pager, Select, TextField, pageRange } from '../ui';
import { OverdueReferrals } from './referrals';
import { FlagList } from '../features/plans/FlagList';

type P = { params: Record<string, string> };

const PAGE_SIZE = 50;
const YEARS = ['N1', 'N2', 'R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'] as const;
const FILTERS = ['q', 'yearGroup', 'status'] as const;
type View = { by: 'flag' | 'pupil'; code: string; page: number; q: string; yearGroup: string; status: string };

/** The page's state lives in its address, so a filtered, paged view can be bookmarked, shared and gone back to. */
function readView(search: string): View {
  const s = new URLSearchParams(search);
  const page = Number(s.get('page'));
  return {
    by: s.get('by') === 'pupil' ? 'pupil' : 'flag',
    code: s.get('code') ?? '',
    page: Number.isInteger(page) && page > 1 ? page : 1,
    q: s.get('q') ?? '',
    yearGroup: s.get('yearGroup') ?? '',
    status: s.get('status') ?? '',
  };
}

function hrefOf(base: string, view: View): string {
  const s = new URLSearchParams();
  if (view.by === 'pupil') s.set('by', 'pupil');
  for (const key of FILTERS) if (view[key]) s.set(key, view[key]);
  if (view.code) s.set('code', view.code);
  if (view.page > 1) s.set('page', String(view.page));
  const qs = s.toString();
  return qs ? `${base}?${qs}` : base;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * The school's red flags, for a school of thousands: grouped by flag (a count for each, a group opening a paged
 * list of its pupils) or by pupil (each with all their flags), filtered by year, SEN status and name. Flag codes
 * and their wording come from the API's quality check, so a new kind of flag appears here by itself.
 */
export function Flags({ params }: P) {
  const schoolId = params.schoolId;
  const base = `/app/s/${schoolId}/flags`;
  const view = readView(useLocation().search);
  const go = (next: Partial<View>, scroll = true) => navigate(hrefOf(base, { ...view, ...next }), { scroll });
  const filter: Record<string, string> = {};
  for (const key of FILTERS) if (view[key]) filter[key] = view[key];
  // Never shown from an earlier visit's cache: a flag fixed on another page must not flash back (FRESH_EACH_VISIT).
  const summary = $api.useQuery('get', '/v1/schools/{schoolId}/plan-flags/summary', { params: { path: { schoolId }, query: filter } }, FRESH_EACH_VISIT);
  return (
    <Page title="Red flags across the school" wide>
      <Filters view={view} apply={(f) => go({ ...f, page: 1 })} />
      <nav aria-label="Group the red flags" className="view-switch">
        <ul>
          {(['flag', 'pupil'] as const).map((by) => (
            <li key={by}>
              <Link to={hrefOf(base, { ...view, by, page: 1, code: by === 'flag' ? view.code : '' })} aria-current={view.by === by ? 'page' : undefined}>
                {by === 'flag' ? 'By flag' : 'By pupil'}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Loading state={summary}>
        {(s) => (
          <>
            <p role="status">{s.pupils === 0 ? 'No pupil has a red flag.' : `${plural(s.pupils, 'pupil')} with red flags`}</p>
            {view.by === 'flag'
              ? s.byCode.map((c) => (
                  <details
                    key={c.code}
                    className="flag-group"
                    open={view.code === c.code}
                    onToggle={(e) => {
                      const open = e.currentTarget.open;
                      if (open !== (view.code === c.code)) go({ code: open ? c.code : '', page: 1 }, false);
                    }}
                  >
                    <summary>
                      <span className="flag-group-label">{c.label}</span> <span className="flag-count">{plural(c.pupils, 'pupil')}</span>
                      <span className="hint"> ({c.rule})</span>
                    </summary>
                    {view.code === c.code && <FlaggedPupils schoolId={schoolId} view={view} go={go} label={c.label} />}
                  </details>
                ))
              : s.pupils > 0 && (
                  <>
                    <Select
                      label="Only this flag"
                      value={view.code}
                      onChange={(code) => go({ code, page: 1 })}
                      options={Object.fromEntries(s.byCode.map((c) => [c.code, `${c.label} (${c.pupils.toLocaleString('en-GB')})`]))}
                      empty="Every flag"
                    />
                    <FlaggedPupils schoolId={schoolId} view={view} go={go} label="Pupils with red flags" />
                  </>
                )}
          </>
        )}
      </Loading>
      <OverdueReferrals schoolId={schoolId} />
    </Page>
  );
}

function Filters({ view, apply }: { view: View; apply: (f: Pick<View, 'q' | 'yearGroup' | 'status'>) => void }) {
  const [q, setQ] = useState(view.q);
  const [yearGroup, setYear] = useState(view.yearGroup);
  const [status, setStatus] = useState(view.status);
  // Back and forward change the address: the form follows it.
  useEffect(() => {
    setQ(view.q);
    setYear(view.yearGroup);
    setStatus(view.status);
  }, [view.q, view.yearGroup, view.status]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply({ q: q.trim(), yearGroup, status });
  };
  return (
    <form className="filters" onSubmit={submit} role="search" aria-label="Filter the red flags">
      <TextField label="Search by name or UPN" value={q} onChange={setQ} name="q" />
      <Select label="Year group" value={yearGroup} onChange={setYear} options={Object.fromEntries(YEARS.map((y) => [y, yearLabel(y)]))} empty="Any year" />
      <Select label="SEN status" value={status} onChange={setStatus} options={STATUS} empty="Any status" />
      <button type="submit" className="button">
        Apply filters
      </button>
    </form>
  );
}

/** One page of flagged pupils (of the open group, or all), with the pages to move between. */
function FlaggedPupils({ schoolId, view, go, label }: { schoolId: string; view: View; go: (next: Partial<View>) => void; label: string }) {
  const query: Record<string, string | number> = { offset: (view.page - 1) * PAGE_SIZE, limit: PAGE_SIZE };
  for (const key of FILTERS) if (view[key]) query[key] = view[key];
  if (view.code) query.code = view.code;
  // The page being left stays on screen until the next one comes.
  const state = $api.useQuery(
    'get',
    '/v1/schools/{schoolId}/plan-flags',
    { params: { path: { schoolId }, query } },
    { ...FRESH_EACH_VISIT, placeholderData: keepPreviousData },
  );
  return (
    <Loading state={state}>
      {(data) => (
        <section aria-label={label} className="flag-pupils">
          <p>{pageRange(data, 'pupils')}</p>
          <ul className="flag-list">
            {data.items.map((p) => (
              <li key={p.pupilId}>
                <h2 className="h3">
                  <Link to={`/app/s/${schoolId}/pupils/${p.pupilId}`}>
                    {p.firstName} {p.lastName}
                  </Link>{' '}
                  <span className="hint">
                    {yearLabel(p.yearGroup)} · {STATUS[p.status] ?? p.status}
                  </span>
                </h2>
                <FlagList flags={p.flags} />
              </li>
            ))}
          </ul>
          <Pager label={label} page={view.page} pageSize={PAGE_SIZE} total={data.total} onPage={(page) => go({ page })} />
        </section>
      )}
    </Loading>
  );
}

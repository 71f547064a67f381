import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, must, type Schemas } from '../api/client';
import { $api, FRESH_EACH_VISIT, SEEDS_A_FORM } from '../api/query';
import { BarChart } from '../charts';
import { NEED, STATUS, academicYear, longDate, yearLabel } from '../labels';
import { Link } from '../router';
import { ErrorSummary, Loading, Page, Tag, TextArea, TextField, rolesIn, useAction, useMe, DataTable } from '../ui';
import { reportBody } from './report-form';

type P = { params: Record<string, string> };
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The head's dashboard: the register by need and year group, overdue reviews, provision delivered vs planned. */
export function Dashboard({ params }: P) {
  const schoolId = params.schoolId;
  const path = { schoolId };
  const year = academicYear();
  const summary = $api.useQuery('get', '/v1/schools/{schoolId}/register/summary', { params: { path, query: {} } }, FRESH_EACH_VISIT);
  // The trend: the register as it was a year, nine, six and three months ago (the key starts with the path it reads).
  const trend = useQuery({
    queryKey: ['get', '/v1/schools/{schoolId}/register/summary', { schoolId, trend: [12, 9, 6, 3] }],
    queryFn: () =>
      Promise.all(
        [12, 9, 6, 3].map(async (months) => {
          const d = new Date();
          d.setUTCMonth(d.getUTCMonth() - months);
          const asOf = d.toISOString().slice(0, 10);
          return { asOf, summary: must(await api.GET('/v1/schools/{schoolId}/register/summary', { params: { path, query: { asOf } } })) };
        }),
      ),
    ...FRESH_EACH_VISIT,
  });
  const lastYear = { data: trend.data?.[0]?.summary };
  // How well the graduated approach ran this year, as the SEN Information Report will publish it.
  const figures = $api.useQuery(
    'get',
    '/v1/schools/{schoolId}/sen-reports/{academicYear}',
    { params: { path: { schoolId, academicYear: year } } },
    { ...FRESH_EACH_VISIT, select: (r) => r.figures as Record<string, unknown> },
  );
  const overdue = $api.useQuery('get', '/v1/schools/{schoolId}/plan-flags', { params: { path, query: { code: 'review_overdue' } } }, FRESH_EACH_VISIT);
  const provision = $api.useQuery('get', '/v1/schools/{schoolId}/provision-map', { params: { path, query: { academicYear: year } } }, FRESH_EACH_VISIT);
  const onRegister = (s: Schemas['RegisterSummaryDto']) => s.byStatus.filter((b) => b.status === 'K' || b.status === 'E').reduce((n, b) => n + b.count, 0);
  return (
    <Page title="School dashboard" wide>
      <Loading state={summary}>
        {(s) => {
          const needs = new Map<string, number>();
          for (const row of s.byStatusAndNeed)
            if (row.status === 'K' || row.status === 'E') needs.set(row.primaryNeed ?? 'NSA', (needs.get(row.primaryNeed ?? 'NSA') ?? 0) + row.count);
          const years = new Map<string, number>();
          for (const row of s.byYearGroup) if (row.status === 'K' || row.status === 'E') years.set(row.yearGroup, (years.get(row.yearGroup) ?? 0) + row.count);
          return (
            <>
              <ul className="cards">
                <li className="card">
                  <span className="card-number">{onRegister(s)}</span> on the SEN register
                  {lastYear.data && <span className="hint"> ({onRegister(lastYear.data)} a year ago)</span>}
                </li>
                {(['E', 'K'] as const).map((st) => (
                  <li key={st} className="card">
                    <span className="card-number">{s.byStatus.find((b) => b.status === st)?.count ?? 0}</span> {STATUS[st]}
                  </li>
                ))}
                <li className="card">
                  <span className="card-number">{overdue.data?.total ?? '…'}</span> reviews overdue
                </li>
              </ul>
              <div className="chart-grid">
                <BarChart
                  title="Pupils on the register by primary need"
                  valueName="Pupils"
                  bars={[...needs.entries()].map(([k, v]) => ({ label: NEED[k] ?? k, value: v }))}
                />
                <BarChart
                  title="Pupils on the register by year group"
                  valueName="Pupils"
                  bars={[...years.entries()].map(([k, v]) => ({ label: yearLabel(k), value: v }))}
                />
                {trend.data && (
                  <BarChart
                    title="Pupils on the register over the last year"
                    valueName="Pupils"
                    bars={[...trend.data.map((t) => ({ label: longDate(t.asOf), value: onRegister(t.summary) })), { label: 'Today', value: onRegister(s) }]}
                  />
                )}
                {figures.data && <QualityChart figures={figures.data} />}
              </div>
            </>
          );
        }}
      </Loading>
      <section aria-labelledby="overdue-h">
        <h2 id="overdue-h">Overdue reviews</h2>
        <Loading state={overdue}>
          {(page) =>
            page.total === 0 ? (
              <p>No review is overdue.</p>
            ) : (
              <>
                <ul>
                  {page.items.map((p) => (
                    <li key={p.pupilId}>
                      <Link to={`/app/s/${schoolId}/pupils/${p.pupilId}`}>
                        {p.firstName} {p.lastName}
                      </Link>{' '}
                      ({yearLabel(p.yearGroup)})
                    </li>
                  ))}
                </ul>
                {page.total > page.items.length && (
                  <p>
                    <Link to={`/app/s/${schoolId}/flags?code=review_overdue`}>All {page.total} overdue reviews</Link>
                  </p>
                )}
              </>
            )
          }
        </Loading>
      </section>
      <section aria-labelledby="provision-h">
        <h2 id="provision-h">Provision delivered against planned</h2>
        <Loading state={provision}>
          {(map) => (
            <>
              <p>
                {plural(map.totals.pupils, 'pupil')} received {plural(Math.round(map.totals.deliveredHours), 'hour')} of intervention this year
                {map.totals.shareOfBudget !== null ? `, ${Math.round(map.totals.shareOfBudget * 100)}% of the notional SEN budget` : ''}.
              </p>
              <BarChart
                title="Sessions delivered against planned, by intervention"
                valueName="Delivered"
                targetName="Planned"
                bars={map.byIntervention.map((x) => ({ label: x.name, value: x.delivered, target: x.planned }))}
              />
            </>
          )}
        </Loading>
      </section>
    </Page>
  );
}

type Share = { value: number | null; suppressed: boolean };
/** Shares of the year's figures (suppressed ones are left out, as the report leaves them out). */
function QualityChart({ figures }: { figures: Record<string, unknown> }) {
  const rows: [string, string][] = [
    ['reviewsOnTime', 'Reviews held on time'],
    ['parentParticipation', 'Reviews with parents'],
    ['targetsAchieved', 'Targets achieved at review'],
    ['provisionDelivered', 'Sessions delivered as planned'],
    ['ehcDecisionsOnTime', 'EHC assessment decisions within 6 weeks'],
    ['ehcReviewsOnTime', 'EHC plan reviews held on time'],
    ['ehcReportsWithinTwoWeeks', 'EHC review reports sent within two weeks'],
    ['phaseTransfersOnTime', 'Phase-transfer reviews by the deadline'],
  ];
  const bars = rows
    .map(([key, label]) => ({ label, share: figures[key] as Share | undefined }))
    .filter((r) => r.share && !r.share.suppressed && r.share.value !== null)
    .map((r) => ({ label: r.label, value: r.share!.value!, target: 100 }));
  return (
    <div>
      <BarChart title="How the graduated approach ran this year (%)" valueName="Per cent" targetName="Out of" unit="%" bars={bars} />
      {bars.length < rows.length && (
        <p className="hint">Figures not published, to protect privacy (a count of 1–4, or one it could be worked out from), are not shown.</p>
      )}
    </div>
  );
}

/** The SEN Information Report: the SENCO writes and submits it; the head approves and publishes it. */
export function ReportPage({ params }: P) {
  const schoolId = params.schoolId;
  const { me } = useMe();
  const roles = rolesIn(me, schoolId);
  const year = academicYear();
  const path = { schoolId, academicYear: year };
  // The SENCO's editor starts from the report as loaded and is not refetched under their typing; after an action it is asked again.
  const report = $api.useQuery('get', '/v1/schools/{schoolId}/sen-reports/{academicYear}', { params: { path } }, SEEDS_A_FORM);
  const school = $api.useQuery('get', '/v1/schools/{schoolId}', { params: { path: { schoolId } } });
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [complaintsCount, setComplaints] = useState<string | undefined>(undefined);
  const [comments, setComments] = useState('');
  const { busy, error, run } = useAction();
  const act = (fn: () => Promise<unknown>) =>
    run(async () => {
      await fn();
      await report.refetch();
    });
  return (
    <Page title={`SEN Information Report ${year}/${String((year + 1) % 100).padStart(2, '0')}`} wide>
      <ErrorSummary error={error} />
      <Loading state={report}>
        {(r) => {
          const editable = roles.includes('senco') && (r.status === 'draft' || r.status === 'returned');
          return (
            <>
              {r.version === 0 ? (
                <p>Not started: nothing is saved for this year yet. The SENCO&rsquo;s first save starts the draft from last year&rsquo;s published text.</p>
              ) : (
                <p>
                  Version {r.version}: <ReportStatus status={r.status} />
                  {r.publishedAt ? ` on ${longDate(r.publishedAt)}` : ''}
                </p>
              )}
              {r.returnComments && r.status === 'returned' && <div className="notice">Returned by the head: {r.returnComments}</div>}
              {r.missing.length > 0 && (
                <div className="flags-panel">
                  <h2 className="h3">Still to write ({r.missing.length})</h2>
                  <ul>
                    {r.missing.map((m) => (
                      <li key={m.key}>{m.label}</li>
                    ))}
                  </ul>
                </div>
              )}
              {r.status === 'published' && school.data && (
                <p>
                  <a className="button" href={`/v1/public/sen-information-reports/${school.data.urn}?format=html`}>
                    Open the public page
                  </a>
                </p>
              )}
              {r.status === 'submitted' && roles.includes('head') && (
                <section className="panel" aria-labelledby="decide-h">
                  <h2 id="decide-h">Your decision</h2>
                  <button
                    type="button"
                    className="button"
                    disabled={busy}
                    onClick={() =>
                      void act(async () => must(await api.POST('/v1/schools/{schoolId}/sen-reports/{academicYear}/approve', { params: { path } })))
                    }
                  >
                    Approve and publish
                  </button>
                  <TextArea label="Or return it to the SENCO with comments" value={comments} onChange={setComments} />
                  <button
                    type="button"
                    className="button secondary"
                    disabled={busy || !comments.trim()}
                    onClick={() =>
                      void act(async () =>
                        must(await api.POST('/v1/schools/{schoolId}/sen-reports/{academicYear}/return', { params: { path }, body: { comments } })),
                      )
                    }
                  >
                    Return with comments
                  </button>
                </section>
              )}
              {r.sections.map((section) => (
                <section key={section.key} aria-labelledby={`sec-${section.key}`}>
                  <h2 id={`sec-${section.key}`}>{section.heading}</h2>
                  {section.fields.map((f) =>
                    editable ? (
                      <TextArea
                        key={f.key}
                        label={f.label}
                        hint={section.guidance}
                        value={texts[f.key] ?? f.text}
                        onChange={(v) => setTexts((t) => ({ ...t, [f.key]: v }))}
                        rows={4}
                      />
                    ) : (
                      <div key={f.key}>
                        <h3>{f.label}</h3>
                        <p className="prewrap">{f.text || <em>Not written yet</em>}</p>
                      </div>
                    ),
                  )}
                </section>
              ))}
              {editable && (
                <TextField
                  label="Complaints about SEN provision this year"
                  hint="As the school records them; leave empty if not known yet"
                  inputMode="numeric"
                  value={complaintsCount ?? (r.complaintsCount === null ? '' : String(r.complaintsCount))}
                  onChange={setComplaints}
                />
              )}
              {editable && (
                <p className="actions">
                  <button
                    type="button"
                    className="button secondary"
                    disabled={busy}
                    onClick={() =>
                      void act(async () =>
                        must(
                          await api.PUT('/v1/schools/{schoolId}/sen-reports/{academicYear}', {
                            params: { path },
                            body: reportBody(r, { texts, complaintsCount }),
                          }),
                        ),
                      )
                    }
                  >
                    Save
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={busy}
                    onClick={() =>
                      void act(async () => {
                        must(
                          await api.PUT('/v1/schools/{schoolId}/sen-reports/{academicYear}', {
                            params: { path },
                            body: reportBody(r, { texts, complaintsCount }),
                          }),
                        );
                        must(await api.POST('/v1/schools/{schoolId}/sen-reports/{academicYear}/submit', { params: { path } }));
                      })
                    }
                  >
                    Submit to the head
                  </button>
                </p>
              )}
            </>
          );
        }}
      </Loading>
    </Page>
  );
}

function ReportStatus({ status }: { status: string }) {
  const tone = status === 'published' ? 'green' : status === 'submitted' ? 'blue' : status === 'returned' ? 'red' : 'grey';
  return <Tag tone={tone}>{status === 'submitted' ? 'Waiting for approval' : status[0].toUpperCase() + status.slice(1)}</Tag>;
}

/** The trust roll-up: every school's SEN Information Report for the year, and where each one stands. */
export function TrustPage({ params }: { params: Record<string, string> }) {
  const year = academicYear();
  const state = $api.useQuery('get', '/v1/trust/sen-reports', { params: { query: { academicYear: year } } }, FRESH_EACH_VISIT);
  return (
    <Page title="Trust overview" wide>
      <p>
        <Link to={`/app/s/${params.schoolId ?? ''}/trust-oap`}>Your trust's ordinarily available provision frameworks</Link>
      </p>
      <Loading state={state}>
        {(trust) => {
          const published = trust.schools.filter((s) => s.status === 'published').length;
          return (
            <>
              <ul className="cards">
                <li className="card">
                  <span className="card-number">{trust.schools.length}</span> schools
                </li>
                <li className="card">
                  <span className="card-number">{published}</span> reports published
                </li>
              </ul>
              <BarChart
                title="SEN Information Reports by status"
                valueName="Schools"
                bars={['published', 'submitted', 'returned', 'draft'].map((st) => ({
                  label: st,
                  value: trust.schools.filter((s) => (s.status ?? 'draft') === st).length,
                }))}
              />
              <DataTable label="Schools of the trust" columns={['School', 'Report', 'Published']}>
                {trust.schools.map((s) => (
                  <tr key={s.schoolId}>
                    <th scope="row">{s.name}</th>
                    <td>{s.status ? <ReportStatus status={s.status} /> : 'Not started'}</td>
                    <td>{s.publishedAt ? <a href={`/v1/public/sen-information-reports/${s.urn}?format=html`}>{longDate(s.publishedAt)}</a> : '—'}</td>
                  </tr>
                ))}
              </DataTable>
            </>
          );
        }}
      </Loading>
    </Page>
  );
}

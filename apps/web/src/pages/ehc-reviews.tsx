import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { $api } from '../api/query';
import { longDate } from '../labels';
import { Link } from '../router';
import { DataTable, ErrorSummary, Loading, Page, Pager, Select, Tag, TextArea, TextField, pageRange, useAction } from '../ui';

type Review = Schemas['EhcReviewDto'];
type Row = Schemas['EhcReviewListItemDto'];
const PAGE_SIZE = 50;
const RECOMMENDATIONS = { maintain: 'Maintain the plan', amend: 'Amend the plan', cease: 'Cease the plan' };

/** Each step of a review in words (never colour alone): done with its date, or what is still to do. */
function steps(r: Row | Review): [string, string][] {
  const invited = 'invited' in r ? r.invited : r.invitees.length > 0;
  return [
    ['Meeting', r.heldOn ? `Held ${longDate(r.heldOn)}` : r.meetingOn ? `Booked for ${longDate(r.meetingOn)}` : 'Not booked'],
    ['Invitations', invited ? 'Sent' : 'Not sent'],
    ['Advice', r.adviceCirculatedOn ? `Circulated ${longDate(r.adviceCirculatedOn)}` : 'Not circulated'],
    ['Report', r.reportSentOn ? `Sent ${longDate(r.reportSentOn)}` : 'Not sent'],
    ['Decision', r.decisionOn ? `${r.decision ?? ''} (${longDate(r.decisionOn)})` : 'Awaited'],
  ];
}

/** The SENCO's list of EHC plan reviews not yet decided, the soonest due first, with the phase-transfer deadline. */
export function EhcReviews({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  const [page, setPage] = useState(1);
  // The page being left stays on screen until the next one comes (as the pager has always behaved).
  const state = $api.useQuery(
    'get',
    '/v1/schools/{schoolId}/ehc-reviews',
    { params: { path: { schoolId }, query: { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE } } },
    { placeholderData: keepPreviousData },
  );
  return (
    <Page title="EHC plan reviews" wide>
      <p>
        Each EHC plan is reviewed within 12 months of it being issued and of each review; before a move to the next phase of education, by 15 February (31 March
        for a move to post-16).
      </p>
      <Loading state={state}>
        {(p) => (
          <>
            <p role="status">{pageRange(p, 'reviews')}</p>
            <DataTable label="EHC plan reviews" columns={['Pupil', 'Kind', 'Hold by', 'Phase transfer', 'Steps']}>
              {p.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/app/s/${schoolId}/ehc-reviews/${r.id}`}>
                      {r.firstName} {r.lastName}
                    </Link>
                  </td>
                  <td>{r.kind}</td>
                  <td>{longDate(r.holdBy)}</td>
                  <td>{r.transferDeadline ? <Tag tone="yellow">Transfer review by {longDate(r.transferDeadline)}</Tag> : 'None'}</td>
                  <td>
                    {steps(r)
                      .map(([k, v]) => `${k}: ${v}`)
                      .join('; ')}
                  </td>
                </tr>
              ))}
            </DataTable>
            <Pager label="reviews" page={page} pageSize={PAGE_SIZE} total={p.total} onPage={setPage} />
          </>
        )}
      </Loading>
    </Page>
  );
}

/** One review: its steps, and the form for the next one (schedule, invite, advice, meeting, report, decision). */
export function EhcReviewPage({ params }: { params: Record<string, string> }) {
  const { schoolId, reviewId } = params as { schoolId: string; reviewId: string };
  const path = { schoolId, reviewId };
  const state = $api.useQuery('get', '/v1/schools/{schoolId}/ehc-reviews/{reviewId}', { params: { path } });
  const queryClient = useQueryClient();
  const { busy, error, run } = useAction();
  const [date, setDate] = useState('');
  const [place, setPlace] = useState('');
  const [pupilViews, setPupilViews] = useState('');
  const [parentViews, setParentViews] = useState('');
  const [progress, setProgress] = useState('');
  const [recommendation, setRecommendation] = useState('maintain');
  const [pfa, setPfa] = useState({ employment: '', independentLiving: '', communityParticipation: '', health: '' });
  const act = (fn: () => Promise<unknown>) =>
    void run(async () => {
      await fn();
      setDate('');
      // A step taken shows on the review, the school's list and the pupil's plan.
      await Promise.all(
        ['/v1/schools/{schoolId}/ehc-reviews/{reviewId}', '/v1/schools/{schoolId}/ehc-reviews', '/v1/schools/{schoolId}/pupils/{pupilId}/ehc-plan'].map((p) =>
          queryClient.invalidateQueries({ queryKey: ['get', p] }),
        ),
      );
    });
  return (
    <Loading state={state}>
      {(r) => (
        <Page title="EHC plan review">
          <p>
            {r.kind} review, to be held by {longDate(r.holdBy)}
            {r.transferDeadline ? `; the phase-transfer review and amended plan are due by ${longDate(r.transferDeadline)}` : ''}.
          </p>
          <dl className="summary">
            {steps(r).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          {r.invitees.length > 0 && (
            <ul className="list" aria-label="Invited">
              {r.invitees.map((i) => (
                <li key={i.id}>
                  {i.name} ({i.role}), invited {longDate(i.invitedOn)}
                  {i.late ? ' — less than two weeks before the meeting' : ''}
                  {i.adviceReceivedOn ? `; advice received ${longDate(i.adviceReceivedOn)}` : ''}
                </li>
              ))}
            </ul>
          )}
          <ErrorSummary error={error} />
          <form onSubmit={(e) => e.preventDefault()}>
            <TextField label="Date (yyyy-mm-dd)" value={date} onChange={setDate} hint="The date of the step you record next" />
            {!r.heldOn && (
              <>
                <TextField label="Place" value={place} onChange={setPlace} />
                <button
                  type="button"
                  className="button secondary"
                  disabled={busy}
                  onClick={() =>
                    act(async () =>
                      must(
                        await api.PATCH('/v1/schools/{schoolId}/ehc-reviews/{reviewId}/schedule', {
                          params: { path },
                          body: { meetingOn: date, place: place || null },
                        }),
                      ),
                    )
                  }
                >
                  Book the meeting
                </button>
                <button
                  type="button"
                  className="button secondary"
                  disabled={busy}
                  onClick={() =>
                    act(async () =>
                      must(
                        await api.POST('/v1/schools/{schoolId}/ehc-reviews/{reviewId}/invitees', {
                          params: { path },
                          body: {
                            invitedOn: date,
                            invitees: [
                              { role: 'parent', name: 'Parents' },
                              { role: 'local_authority', name: 'Local authority SEN team', adviceRequested: true },
                            ],
                          },
                        }),
                      ),
                    )
                  }
                >
                  Invite the parents and the local authority
                </button>
                <button
                  type="button"
                  className="button secondary"
                  disabled={busy}
                  onClick={() =>
                    act(async () =>
                      must(await api.POST('/v1/schools/{schoolId}/ehc-reviews/{reviewId}/circulation', { params: { path }, body: { circulatedOn: date } })),
                    )
                  }
                >
                  Circulate the advice
                </button>
                <h2>The meeting</h2>
                <TextArea label="The child's views" value={pupilViews} onChange={setPupilViews} />
                <TextArea label="The parents' views" value={parentViews} onChange={setParentViews} />
                <TextArea label="Progress against each outcome, one line per outcome in the plan's order" value={progress} onChange={setProgress} />
                <Select label="Recommendation" value={recommendation} onChange={setRecommendation} options={RECOMMENDATIONS} />
                <fieldset>
                  <legend>Preparing for adulthood (from Year 9)</legend>
                  <TextArea label="Employment" value={pfa.employment} onChange={(v) => setPfa({ ...pfa, employment: v })} />
                  <TextArea label="Independent living" value={pfa.independentLiving} onChange={(v) => setPfa({ ...pfa, independentLiving: v })} />
                  <TextArea
                    label="Community participation"
                    value={pfa.communityParticipation}
                    onChange={(v) => setPfa({ ...pfa, communityParticipation: v })}
                  />
                  <TextArea label="Health" value={pfa.health} onChange={(v) => setPfa({ ...pfa, health: v })} />
                </fieldset>
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() =>
                    act(async () =>
                      must(
                        await api.POST('/v1/schools/{schoolId}/ehc-reviews/{reviewId}/meeting', {
                          params: { path },
                          body: {
                            heldOn: date,
                            pupilViews,
                            parentViews,
                            recommendation: recommendation as 'maintain',
                            progress: progress
                              .split('\n')
                              .filter((l) => l.trim())
                              .map((l, outcome) => ({ outcome, progress: l.trim() })),
                            preparingForAdulthood: Object.values(pfa).some((v) => v.trim()) ? pfa : null,
                          },
                        }),
                      ),
                    )
                  }
                >
                  Record the meeting
                </button>
              </>
            )}
            {r.heldOn && !r.reportSentOn && (
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() =>
                  act(async () => must(await api.POST('/v1/schools/{schoolId}/ehc-reviews/{reviewId}/report', { params: { path }, body: { sentOn: date } })))
                }
              >
                Record the report as sent
              </button>
            )}
            {r.heldOn && !r.decisionOn && (
              <button
                type="button"
                className="button secondary"
                disabled={busy}
                onClick={() =>
                  act(async () =>
                    must(
                      await api.POST('/v1/schools/{schoolId}/ehc-reviews/{reviewId}/decision', {
                        params: { path },
                        body: { decision: (r.recommendation ?? 'maintain') as 'maintain', decidedOn: date },
                      }),
                    ),
                  )
                }
              >
                Record the authority's decision (as recommended)
              </button>
            )}
          </form>
        </Page>
      )}
    </Loading>
  );
}

/** What a parent sees of their child's EHC plan reviews: the invitation, the advice circulated, the report. */
export function ParentEhcReviews({ schoolId, pupilId, childName }: { schoolId: string; pupilId: string; childName: string }) {
  const state = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/ehc-plan', { params: { path: { schoolId, pupilId } } });
  return (
    <Loading state={state}>
      {(p) =>
        p.versions.length === 0 ? null : (
          <section aria-labelledby="ehc-h">
            <h2 id="ehc-h">{childName}'s EHC plan reviews</h2>
            <ul className="list">
              {p.reviews.map((r) => (
                <li key={r.id}>
                  {r.meetingOn ? `Review meeting ${longDate(r.meetingOn)}` : `Review due by ${longDate(r.holdBy)}`}
                  {r.invitees.some((i) => i.role === 'parent') ? '; you were invited' : ''}
                  {r.adviceCirculatedOn ? `; advice sent to you ${longDate(r.adviceCirculatedOn)}` : ''}
                  {r.invitees
                    .filter((i) => i.adviceSummary)
                    .map((i) => ` (${i.name}: ${i.adviceSummary})`)
                    .join('')}
                  {r.reportSentOn ? `; report sent ${longDate(r.reportSentOn)}` : ''}
                </li>
              ))}
            </ul>
          </section>
        )
      }
    </Loading>
  );
}

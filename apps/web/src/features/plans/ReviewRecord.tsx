import type { ReactNode } from 'react';
import { $api } from '../../api/query';
import { DECISION, OUTCOME, longDate, personName } from '../../labels';
import { ATTENDEE_ROLE } from '../../pages/plans/plan-labels';
import { PrintButton } from '../../print';
import { Link } from '../../router';
import { Loading, Page } from '../../ui';

/**
 * The record of a plan's review, as read (the review meeting page records it and is a form): when it was held and
 * who came, each target with its outcome and what was measured, what worked and what did not, the parents' and
 * the pupil's views, and the decision. Printed for the parents and the file (print.css).
 */
export function ReviewRecordPage({ params }: { params: Record<string, string> }) {
  const { schoolId = '', pupilId = '', cycleId = '' } = params;
  const pupil = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}', { params: { path: { schoolId, pupilId } } });
  const cycle = $api.useQuery('get', '/v1/schools/{schoolId}/plan-cycles/{cycleId}', { params: { path: { schoolId, cycleId } } });
  const name = pupil.data ? personName(pupil.data) : '';
  return (
    <Page title={name ? `Review of ${name}'s plan` : 'Review of the plan'}>
      <p className="no-print">
        <Link to={`/app/s/${schoolId}/pupils/${pupilId}`}>Back to the pupil</Link>
      </p>
      <Loading state={cycle}>
        {(c) => {
          const review = c.review;
          if (!review) return <p>This plan has not been reviewed yet.</p>;
          const targets = c.inForce?.targets ?? [];
          const outcomeOf = (targetId: string) => review.outcomes.find((o) => o.targetId === targetId);
          return (
            <>
              <PrintButton label="Print the review record" />
              <dl className="summary-list">
                <Row term="Plan">Plan {c.number}</Row>
                <Row term="Review held">
                  {longDate(review.heldOn)}
                  {review.late && review.dueOn ? ` (due ${longDate(review.dueOn)})` : ''}
                </Row>
                <Row term="Decision">{DECISION[review.decision] ?? review.decision}</Row>
                {review.ehcnaRequestedOn && <Row term="EHC needs assessment asked for">{longDate(review.ehcnaRequestedOn)}</Row>}
              </dl>
              <h2>Who attended</h2>
              {review.attendees.length === 0 ? (
                <p>No one is recorded.</p>
              ) : (
                <ul>
                  {review.attendees.map((a, i) => (
                    <li key={i}>
                      {a.name} ({ATTENDEE_ROLE[a.role] ?? a.role})
                    </li>
                  ))}
                </ul>
              )}
              <h2>Targets</h2>
              <ol className="targets">
                {targets.map((t) => {
                  const o = outcomeOf(t.id);
                  return (
                    <li key={t.id}>
                      <strong>{t.description}</strong>
                      <p>
                        {o ? (OUTCOME[o.outcome] ?? o.outcome) : 'No outcome recorded'}
                        {o?.measuredValue ? `: measured ${o.measuredValue}` : ''}
                        {t.baseline ? ` (at the start: ${t.baseline})` : ''}
                      </p>
                      {o?.comment && <p>{o.comment}</p>}
                    </li>
                  );
                })}
              </ol>
              <Said heading="What worked" text={review.whatWorked} />
              <Said heading="What did not work" text={review.whatDidNotWork} />
              <Said heading="The parents' views" text={review.parentViews} />
              <Said heading="The pupil's views" text={review.pupilViews} />
            </>
          );
        }}
      </Loading>
    </Page>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Said({ heading, text }: { heading: string; text: string | null }) {
  return (
    <>
      <h2>{heading}</h2>
      <p className="prewrap">{text || 'Not recorded.'}</p>
    </>
  );
}

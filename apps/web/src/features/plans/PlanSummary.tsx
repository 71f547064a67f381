import type { Schemas } from '../../api/client';
import { BarChart } from '../../charts';
import { longDate, provisionText } from '../../labels';
import { Link } from '../../router';
import { FlagList } from './FlagList';

type Version = Schemas['VersionDto'];

/** The pupil page's plan: its red flags, the open plan's targets and provision with its links, and past plans' results. */
export function PlanSummary({
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
          <ul>
            {past.map((c) => (
              <li key={c.id}>
                <Link to={`/app/s/${schoolId}/pupils/${pupilId}/reviews/${c.id}`}>
                  Review of plan {c.number} ({longDate(c.reviewedOn)})
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** A plan version's targets and provision, as read (not edited). */
function PlanTargets({ version }: { version: Version }) {
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

import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { BarChart } from '../charts';
import { AREA, academicYear, longDate } from '../labels';
import { ErrorSummary, Loading, Page, Tag, useAction, useLoad } from '../ui';

type P = { params: Record<string, string> };
const WEEKDAY = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri'];

/** Intervention groups and their timetables, with the school's provision map: delivered against planned. */
export function Groups({ params }: P) {
  const schoolId = params.schoolId!;
  const year = academicYear();
  const groups = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/intervention-groups', { params: { path: { schoolId }, query: {} as never } })), [schoolId]);
  const map = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/provision-map', { params: { path: { schoolId }, query: { academicYear: year } as never } })) as Schemas['SchoolProvisionMapDto'], [schoolId]);
  return (
    <Page title="Interventions" wide>
      <Loading state={groups}>
        {(list) =>
          list.length === 0 ? (
            <p>No intervention group has been set up.</p>
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Intervention groups">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Group</th>
                    <th scope="col">Programme</th>
                    <th scope="col">Timetable</th>
                    <th scope="col">Staff</th>
                    <th scope="col">Pupils</th>
                    <th scope="col">Runs</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((g) => (
                    <tr key={g.id}>
                      <th scope="row">
                        {g.name}
                        {g.location ? <span className="hint"> ({g.location})</span> : null}
                      </th>
                      <td>{g.interventionName}</td>
                      <td>{g.schedule.map((slot) => `${WEEKDAY[slot.weekday]} ${slot.startTime.slice(0, 5)} (${slot.minutes} min)`).join(', ')}</td>
                      <td>{g.staff.map((x) => x.name).join(', ')}</td>
                      <td>{g.pupils.length}</td>
                      <td>
                        {longDate(g.startsOn)} to {longDate(g.endsOn)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loading>
      <section aria-labelledby="map-h">
        <h2 id="map-h">Provision map {year}/{String((year + 1) % 100).padStart(2, '0')}</h2>
        <Loading state={map}>
          {(m) => (
            <>
              <p>
                {m.totals.pupils} pupils, {Math.round(m.totals.deliveredHours)} hours delivered
                {m.totals.budgetPence !== null ? `; £${Math.round(m.totals.costPence / 100).toLocaleString('en-GB')} of a £${Math.round(m.totals.budgetPence / 100).toLocaleString('en-GB')} notional SEN budget` : ''}.
              </p>
              <div className="chart-grid">
                <BarChart title="Sessions delivered against planned, by intervention" valueName="Delivered" targetName="Planned" bars={m.byIntervention.map((x) => ({ label: x.name, value: x.delivered, target: x.planned }))} />
                <BarChart title="Hours delivered by area of need" valueName="Hours" bars={m.byArea.map((x) => ({ label: AREA[x.areaOfNeed ?? ''] ?? 'Not set', value: Math.round(x.deliveredHours * 10) / 10 }))} />
              </div>
              {m.byIntervention.some((x) => x.belowFidelity) && (
                <p>
                  <Tag tone="red">Below 80% of planned</Tag> {m.byIntervention.filter((x) => x.belowFidelity).map((x) => x.name).join(', ')}
                </p>
              )}
            </>
          )}
        </Loading>
      </section>
    </Page>
  );
}

/** A parent's choice of channels; the formal notice of SEN Support is always sent. */
export function Preferences({ params }: P) {
  const schoolId = params.schoolId!;
  const state = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/notification-preferences', { params: { path: { schoolId } } })), [schoolId]);
  return (
    <Page title="How the school contacts you">
      <Loading state={state}>{(prefs) => <PreferencesForm schoolId={schoolId} prefs={prefs} />}</Loading>
    </Page>
  );
}

function PreferencesForm({ schoolId, prefs }: { schoolId: string; prefs: Schemas['PreferencesDto'] }) {
  const [email, setEmail] = useState(prefs.email);
  const [inApp, setInApp] = useState(prefs.inApp);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(await api.PUT('/v1/schools/{schoolId}/notification-preferences', { params: { path: { schoolId } }, body: { email, inApp } }));
      setSaved(true);
    });
  };
  return (
    <form onSubmit={submit}>
      <ErrorSummary error={error} />
      {saved && (
        <div className="notice success" role="status">
          Your choices are saved.
        </div>
      )}
      <fieldset>
        <legend>Send me messages about plans and reviews</legend>
        <label className="check">
          <input type="checkbox" checked={email} onChange={(e) => setEmail(e.target.checked)} /> By email
        </label>
        <label className="check">
          <input type="checkbox" checked={inApp} onChange={(e) => setInApp(e.target.checked)} /> In SEN Manager (Messages)
        </label>
      </fieldset>
      <p className="hint">The formal notice that your child has been placed on SEN Support is always sent to you, whatever you choose here.</p>
      <button type="submit" className="button" disabled={busy}>
        Save
      </button>
    </form>
  );
}

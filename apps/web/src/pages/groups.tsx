import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { $api } from '../api/query';
import { BarChart } from '../charts';
import { AREA, academicYear, longDate, personName, todayIso, yearLabel } from '../labels';
import { Link } from '../router';
import { ErrorSummary, Loading, Page, Tag, TextField, useAction, DataTable } from '../ui';
import { ProvisionByWave } from '../features/interventions/ProvisionByWave';
import { SetupLinks } from '../features/interventions/SetupLinks';
import { scheduleBody, slotForm, type SlotForm } from './groups-form';

type P = { params: Record<string, string> };
const WEEKDAY = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri'];

/** Intervention groups and their timetables, with the school's provision map: delivered against planned. */
export function Groups({ params }: P) {
  const schoolId = params.schoolId;
  const year = academicYear();
  const groups = $api.useQuery('get', '/v1/schools/{schoolId}/intervention-groups', { params: { path: { schoolId } } });
  const map = $api.useQuery('get', '/v1/schools/{schoolId}/provision-map', { params: { path: { schoolId }, query: { academicYear: year } } });
  return (
    <Page title="Interventions" wide>
      <SetupLinks schoolId={schoolId} />
      <Loading state={groups}>
        {(list) =>
          list.length === 0 ? (
            <p>No intervention group has been set up.</p>
          ) : (
            <DataTable label="Intervention groups" columns={['Group', 'Programme', 'Timetable', 'Staff', 'Pupils', 'Runs']}>
              {list.map((g) => (
                <tr key={g.id}>
                  <th scope="row">
                    <Link to={`/app/s/${schoolId}/interventions/${g.id}`}>{g.name}</Link>
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
            </DataTable>
          )
        }
      </Loading>
      <section aria-labelledby="map-h">
        <h2 id="map-h">
          Provision map {year}/{String((year + 1) % 100).padStart(2, '0')}
        </h2>
        <Loading state={map}>
          {(m) => (
            <>
              <p>
                {m.totals.pupils} pupils, {Math.round(m.totals.deliveredHours)} hours delivered
                {m.totals.budgetPence !== null
                  ? `; £${Math.round(m.totals.costPence / 100).toLocaleString('en-GB')} of a £${Math.round(m.totals.budgetPence / 100).toLocaleString('en-GB')} notional SEN budget`
                  : ''}
                .
              </p>
              <div className="chart-grid">
                <BarChart
                  title="Sessions delivered against planned, by intervention"
                  valueName="Delivered"
                  targetName="Planned"
                  bars={m.byIntervention.map((x) => ({ label: x.name, value: x.delivered, target: x.planned }))}
                />
                <BarChart
                  title="Hours delivered by area of need"
                  valueName="Hours"
                  bars={m.byArea.map((x) => ({ label: AREA[x.areaOfNeed ?? ''] ?? 'Not set', value: Math.round(x.deliveredHours * 10) / 10 }))}
                />
              </div>
              <ProvisionByWave waves={m.byWave} />
              {m.byIntervention.some((x) => x.belowFidelity) && (
                <p>
                  <Tag tone="red">Below 80% of planned</Tag>{' '}
                  {m.byIntervention
                    .filter((x) => x.belowFidelity)
                    .map((x) => x.name)
                    .join(', ')}
                </p>
              )}
            </>
          )}
        </Loading>
      </section>
    </Page>
  );
}

type Slot = SlotForm;

/** One group: its timetable (editable), its pupils (add one from the register), its sessions so far. */
export function GroupPage({ params }: P) {
  const { schoolId, groupId } = params as { schoolId: string; groupId: string };
  const path = { schoolId, groupId };
  const group = $api.useQuery('get', '/v1/schools/{schoolId}/intervention-groups/{groupId}', { params: { path } });
  // The whole run of the group (the API's default is this week): asked once the group has come.
  const range = group.data ? { from: group.data.startsOn, to: group.data.endsOn } : {};
  const sessions = $api.useQuery(
    'get',
    '/v1/schools/{schoolId}/intervention-groups/{groupId}/sessions',
    { params: { path, query: range } },
    { enabled: group.data !== undefined },
  );
  const queryClient = useQueryClient();
  // The group's timetable or pupils changed: the group, its sessions, the list of groups and the staff's weeks.
  const refresh = () => {
    for (const p of [
      '/v1/schools/{schoolId}/intervention-groups/{groupId}',
      '/v1/schools/{schoolId}/intervention-groups/{groupId}/sessions',
      '/v1/schools/{schoolId}/intervention-groups',
      '/v1/schools/{schoolId}/sessions/mine',
    ])
      void queryClient.invalidateQueries({ queryKey: ['get', p] });
  };
  return (
    <Loading state={group}>
      {(g) => (
        <Page title={g.name} wide>
          <dl className="summary-list">
            <div>
              <dt>Programme</dt>
              <dd>{g.interventionName}</dd>
            </div>
            <div>
              <dt>Runs</dt>
              <dd>
                {longDate(g.startsOn)} to {longDate(g.endsOn)}
                {g.location ? `, ${g.location}` : ''}
              </dd>
            </div>
            <div>
              <dt>Staff</dt>
              <dd>{g.staff.map((x) => x.name).join(', ') || '—'}</dd>
            </div>
          </dl>
          <Timetable schoolId={schoolId} group={g} onSaved={refresh} />
          <section aria-labelledby="pupils-h">
            <h2 id="pupils-h">Pupils</h2>
            {g.pupils.length === 0 ? (
              <p>No pupil is in this group yet.</p>
            ) : (
              <ul className="list">
                {g.pupils.map((p) => (
                  <li key={p.id}>
                    <Link to={`/app/s/${schoolId}/pupils/${p.pupilId}`}>
                      {p.firstName} {p.lastName}
                    </Link>{' '}
                    <span className="hint">
                      from {longDate(p.startsOn)}
                      {p.endsOn ? ` to ${longDate(p.endsOn)}` : ''}
                      {p.measureName ? ` · ${p.measureName}: ${p.entryValue ?? '—'} → ${p.exitValue ?? '…'}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <AddPupil schoolId={schoolId} group={g} onAdded={refresh} />
          </section>
          <section aria-labelledby="sessions-h">
            <h2 id="sessions-h">Sessions so far</h2>
            <Loading state={sessions}>
              {(list) => {
                const due = list.filter((x) => x.date <= todayIso());
                const delivered = due.filter((x) => x.status === 'delivered').length;
                const cancelled = due.filter((x) => x.status === 'cancelled').length;
                return (
                  <p>
                    {delivered} delivered, {cancelled} cancelled and {due.length - delivered - cancelled} not recorded of {due.length} due so far;{' '}
                    {list.length - due.length} still to come.
                  </p>
                );
              }}
            </Loading>
          </section>
        </Page>
      )}
    </Loading>
  );
}

function Timetable({ schoolId, group, onSaved }: { schoolId: string; group: Schemas['GroupDto']; onSaved: () => void }) {
  const [slots, setSlots] = useState<Slot[]>(group.schedule.map(slotForm));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const set = (i: number, change: Partial<Slot>) => {
    setSaved(false);
    setSlots((list) => list.map((s, j) => (j === i ? { ...s, ...change } : s)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.PUT('/v1/schools/{schoolId}/intervention-groups/{groupId}/schedule', {
          params: { path: { schoolId, groupId: group.id } },
          body: scheduleBody(slots),
        }),
      );
      setSaved(true);
      onSaved();
    });
  };
  return (
    <section aria-labelledby="timetable-h">
      <h2 id="timetable-h">Weekly timetable</h2>
      <p className="hint">Planned sessions move with the timetable; sessions already recorded stay as they were.</p>
      <ErrorSummary error={error} />
      {saved && (
        <div className="notice success" role="status">
          Timetable saved.
        </div>
      )}
      <form onSubmit={submit}>
        {slots.map((s, i) => (
          <fieldset key={i} className="item">
            <legend>Session {i + 1}</legend>
            <div className="row">
              <div className="field">
                <label htmlFor={`slot-${i}-day`}>Day (session {i + 1})</label>
                <select id={`slot-${i}-day`} value={s.weekday} onChange={(e) => set(i, { weekday: e.target.value })}>
                  {[1, 2, 3, 4, 5].map((d) => (
                    <option key={d} value={String(d)}>
                      {['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'][d]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`slot-${i}-time`}>Starts at (session {i + 1})</label>
                <input id={`slot-${i}-time`} type="time" value={s.startTime} onChange={(e) => set(i, { startTime: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={`slot-${i}-minutes`}>Minutes (session {i + 1})</label>
                <input
                  id={`slot-${i}-minutes`}
                  type="number"
                  inputMode="numeric"
                  min={5}
                  max={240}
                  className="short"
                  value={s.minutes}
                  onChange={(e) => set(i, { minutes: e.target.value })}
                />
              </div>
            </div>
            <button
              type="button"
              className="button-link"
              onClick={() => {
                setSaved(false);
                setSlots((list) => list.filter((_, j) => j !== i));
              }}
            >
              Remove session {i + 1}
            </button>
          </fieldset>
        ))}
        <p className="actions">
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setSaved(false);
              setSlots((list) => [...list, { weekday: '1', startTime: '09:00', minutes: '20' }]);
            }}
          >
            Add a session
          </button>
          <button type="submit" className="button" disabled={busy}>
            Save the timetable
          </button>
        </p>
      </form>
    </section>
  );
}

function AddPupil({ schoolId, group, onAdded }: { schoolId: string; group: Schemas['GroupDto']; onAdded: () => void }) {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Schemas['RegisterRowDto'][] | null>(null);
  const { busy, error, run } = useAction();
  const inGroup = new Set(group.pupils.map((p) => p.pupilId));
  const search = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      // Anyone on roll may join a group (not only pupils on the register).
      const page = must(
        await api.GET('/v1/schools/{schoolId}/register', { params: { path: { schoolId }, query: { q, status: 'N,monitoring,K,E', limit: 20 } } }),
      );
      setResults(page.items);
    });
  };
  return (
    <div className="panel">
      <h3>Add a pupil</h3>
      <ErrorSummary error={error} />
      <form onSubmit={search} role="search" aria-label="Find a pupil to add">
        <div className="row">
          <TextField label="Pupil's name or UPN" value={q} onChange={setQ} />
        </div>
        <button type="submit" className="button secondary" disabled={busy || !q.trim()}>
          Find
        </button>
      </form>
      {results && results.length === 0 && <p role="status">No pupil matches.</p>}
      {results && results.length > 0 && (
        <ul className="list" aria-label="Matching pupils">
          {results.map((r) => (
            <li key={r.pupilId}>
              {personName(r)} <span className="hint">{yearLabel(r.yearGroup)}</span>{' '}
              {inGroup.has(r.pupilId) ? (
                <Tag tone="green">In the group</Tag>
              ) : (
                <button
                  type="button"
                  className="button secondary small"
                  disabled={busy}
                  onClick={() =>
                    void run(async () => {
                      must(
                        await api.POST('/v1/schools/{schoolId}/intervention-groups/{groupId}/enrolments', {
                          params: { path: { schoolId, groupId: group.id } },
                          body: { pupilId: r.pupilId },
                        }),
                      );
                      onAdded();
                    })
                  }
                >
                  Add {personName(r)}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

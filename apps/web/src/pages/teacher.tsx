import { PrintButton } from '../print';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { $api } from '../api/query';
import { NEED, STATUS, dayDate, isOneOf, todayIso, yearLabel } from '../labels';
import { ErrorSummary, Loading, Page, Tag, useAction } from '../ui';
import { Link } from '../router';

type P = { params: Record<string, string> };

const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const CANCEL_REASON = {
  staff_absence: 'staff absent',
  pupil_absence: 'pupils absent',
  school_event: 'school event',
  room_unavailable: 'room not available',
  other: 'other reason',
} satisfies Record<CancelReason, string>;
const mondayOf = (iso: string) => addDays(iso, -((new Date(`${iso}T12:00:00Z`).getUTCDay() + 6) % 7));
type Session = Schemas['SessionDto'];
type CancelReason = NonNullable<Schemas['SessionRecordItemDto']['cancelReason']>;

/**
 * "My sessions this week", made for a phone: one card per session, today's first; recording one is a tap per
 * absent pupil, the minutes already filled in, and Save.
 */
export function MySessions({ params }: P) {
  const schoolId = params.schoolId;
  // Keyed under the sessions' path, so invalidating it (a session recorded) refreshes the page.
  const queryKey = ['get', '/v1/schools/{schoolId}/sessions/mine', schoolId, 'with names'];
  const queryClient = useQueryClient();
  const state = useQuery({
    queryKey,
    queryFn: async () => {
      // This week, and last week's sessions nobody has recorded yet (a TA catching up after a busy week).
      const monday = mondayOf(todayIso());
      const query = { from: addDays(monday, -7), to: addDays(monday, 6) };
      const groups = must(await api.GET('/v1/schools/{schoolId}/sessions/mine', { params: { path: { schoolId }, query } }));
      // Pupils' names come with each group the teacher runs.
      const details = await Promise.all(
        groups.map(async (g) =>
          must(await api.GET('/v1/schools/{schoolId}/intervention-groups/{groupId}', { params: { path: { schoolId, groupId: g.groupId } } })),
        ),
      );
      const names = new Map<string, string>();
      for (const d of details) for (const p of d.pupils) names.set(p.pupilId, `${p.firstName} ${p.lastName}`);
      return { groups, names, monday };
    },
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey });
  return (
    <Page title="My sessions this week">
      <Link to={`/app/s/${schoolId}/calendar-feed`}>Your calendar link: these sessions in your calendar app</Link>
      <Loading state={state}>
        {({ groups, names, monday }) => {
          const all = groups
            .flatMap((g) => g.sessions.map((session) => ({ group: g, session })))
            .sort((a, b) => (a.session.date + a.session.startTime).localeCompare(b.session.date + b.session.startTime));
          // Recorded today stays in view, so the person who just saved it sees it done.
          const earlier = all.filter((x) => x.session.date < monday && (x.session.status === 'planned' || x.session.recordedAt?.slice(0, 10) === todayIso()));
          const thisWeek = all.filter((x) => x.session.date >= monday);
          const list = (items: typeof all) => (
            <ul className="session-list">
              {items.map(({ group, session }) => (
                <li key={session.id}>
                  <SessionCard schoolId={schoolId} groupName={group.groupName} location={group.location} session={session} names={names} onSaved={refresh} />
                </li>
              ))}
            </ul>
          );
          return (
            <>
              {earlier.length > 0 && (
                <section aria-labelledby="earlier-h">
                  <h2 id="earlier-h">Still to record from last week</h2>
                  {list(earlier)}
                </section>
              )}
              {thisWeek.length === 0 ? <p>You have no intervention sessions this week.</p> : list(thisWeek)}
            </>
          );
        }}
      </Loading>
    </Page>
  );
}

function SessionCard({
  schoolId,
  groupName,
  location,
  session,
  names,
  onSaved,
}: {
  schoolId: string;
  groupName: string;
  location: string | null;
  session: Session;
  names: Map<string, string>;
  onSaved: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [absent, setAbsent] = useState<Set<string>>(new Set());
  const [minutes, setMinutes] = useState(String(session.minutes));
  const [note, setNote] = useState('');
  const [happened, setHappened] = useState<'yes' | 'no'>('yes');
  const [cancelReason, setCancelReason] = useState<CancelReason>('staff_absence');
  const { busy, error, run } = useAction();
  const today = todayIso();
  const headingId = `session-${session.id}`;
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/intervention-groups/{groupId}/sessions/record', {
          params: { path: { schoolId, groupId: session.groupId } },
          body: {
            sessions: [
              happened === 'no'
                ? { sessionId: session.id, status: 'cancelled', cancelReason, note: note.trim() || undefined }
                : {
                    sessionId: session.id,
                    status: 'delivered',
                    actualMinutes: Number(minutes) || session.minutes,
                    note: note.trim() || undefined,
                    attendance: session.enrolled.map((pupilId) => ({
                      pupilId,
                      present: !absent.has(pupilId),
                      ...(absent.has(pupilId) ? { absenceReason: 'absent_from_school' as const } : {}),
                    })),
                  },
            ],
          },
        }),
      );
      setOpen(false);
      onSaved();
    });
  };
  return (
    <article className="session" aria-labelledby={headingId}>
      <h2 id={headingId} className="h3">
        {groupName}
        <span className="session-when">
          {session.date === today ? 'Today' : dayDate(session.date)}, {session.startTime.slice(0, 5)} · {session.minutes} min{location ? ` · ${location}` : ''}
        </span>
      </h2>
      {session.status === 'delivered' ? (
        <p>
          <Tag tone="green">Recorded</Tag> {session.actualMinutes} minutes, {session.attendance.filter((a) => a.present).length} of {session.attendance.length}{' '}
          present
        </p>
      ) : session.status === 'cancelled' ? (
        <p>
          <Tag tone="grey">Cancelled</Tag> {session.cancelReason ? CANCEL_REASON[session.cancelReason] : ''}
        </p>
      ) : session.date > today ? (
        <p className="hint">Not yet due</p>
      ) : !open ? (
        <button type="button" className="button" onClick={() => setOpen(true)} aria-label={`Record ${groupName} on ${dayDate(session.date)}`}>
          Record
        </button>
      ) : (
        <form onSubmit={save}>
          <ErrorSummary error={error} />
          <fieldset>
            <legend>Did the session happen?</legend>
            <label className="radio">
              <input type="radio" name={`${headingId}-happened`} checked={happened === 'yes'} onChange={() => setHappened('yes')} /> Yes
            </label>
            <label className="radio">
              <input type="radio" name={`${headingId}-happened`} checked={happened === 'no'} onChange={() => setHappened('no')} /> No, it was cancelled
            </label>
          </fieldset>
          {happened === 'no' ? (
            <div className="field">
              <label htmlFor={`${headingId}-reason`}>Why</label>
              <select
                id={`${headingId}-reason`}
                value={cancelReason}
                onChange={(e) => isOneOf(CANCEL_REASON, e.target.value) && setCancelReason(e.target.value)}
              >
                <option value="staff_absence">Staff absent</option>
                <option value="pupil_absence">Pupils absent</option>
                <option value="school_event">School event</option>
                <option value="room_unavailable">Room not available</option>
                <option value="other">Something else</option>
              </select>
            </div>
          ) : (
            <>
              <fieldset>
                <legend>Who was there? Untick anyone absent.</legend>
                {session.enrolled.map((pupilId) => (
                  <label key={pupilId} className="check big">
                    <input
                      type="checkbox"
                      checked={!absent.has(pupilId)}
                      onChange={(e) =>
                        setAbsent((set) => {
                          const next = new Set(set);
                          if (e.target.checked) next.delete(pupilId);
                          else next.add(pupilId);
                          return next;
                        })
                      }
                    />{' '}
                    {names.get(pupilId) ?? 'Pupil'}
                  </label>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor={`${headingId}-minutes`}>Minutes</label>
                <input
                  id={`${headingId}-minutes`}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={600}
                  value={minutes}
                  onChange={(e) => setMinutes(e.target.value)}
                  className="short"
                />
              </div>
            </>
          )}
          <div className="field">
            <label htmlFor={`${headingId}-note`}>Note (optional)</label>
            <textarea id={`${headingId}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="submit" className="button" disabled={busy}>
            Save session
          </button>{' '}
          <button type="button" className="button-link" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </form>
      )}
    </article>
  );
}

/** The pupil passports of the SEN pupils a teacher teaches. */
export function TaughtPupils({ params }: P) {
  const schoolId = params.schoolId;
  const state = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/taught', { params: { path: { schoolId } } });
  return (
    <Page title="My pupils with SEN">
      <PrintButton label="Print the pupil passports" />
      <Loading state={state}>
        {(list) =>
          list.length === 0 ? (
            <p>None of the pupils you teach is on the SEN register.</p>
          ) : (
            <ul className="list">
              {list.map((p) => (
                <li key={p.id} className="panel">
                  <h2 className="h3">
                    {p.firstName} {p.lastName} <span className="hint">{yearLabel(p.yearGroup)}</span>
                  </h2>
                  <p>
                    {STATUS[p.status]}
                    {p.primaryNeed ? ` · ${NEED[p.primaryNeed]}` : ''}
                  </p>
                  {p.passport ? <p className="passport">{p.passport}</p> : <p className="hint">No pupil passport yet.</p>}
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </Page>
  );
}

import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../../api/client';
import { NEED, NEEDS, SEN_STATUS, STATUS, isOneOf, longDate, todayIso, type Need, type SenStatus } from '../../labels';
import { ParentsToldQuestion, noticeAnswer } from '../../pages/notice-question';
import { DataTable, ErrorSummary, Select, TextArea, TextField, useAction } from '../../ui';

/** A pupil's SEN status over time, and the forms that start a new period of it (the history is only added to). */
export function StatusHistory({ history }: { history: Schemas['StatusEntryDto'][] }) {
  if (history.length === 0) return <p>No SEN status has been recorded.</p>;
  return (
    <DataTable label="SEN history" columns={['Status', 'From', 'To', 'Need', 'Reason']}>
      {history.map((h) => (
        <tr key={h.id}>
          <td>{STATUS[h.status]}</td>
          <td>{longDate(h.startDate)}</td>
          <td>{h.endDate ? longDate(h.endDate) : 'now'}</td>
          <td>{h.primaryNeed ? NEED[h.primaryNeed] : '—'}</td>
          <td>{h.reason}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export function PlaceOnSupport({ schoolId, pupilId, onDone }: { schoolId: string; pupilId: string; onDone: () => void }) {
  const [primaryNeed, setNeed] = useState<Need | ''>('');
  const [startDate, setStart] = useState(todayIso());
  const [told, setTold] = useState<boolean | null>(null);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/sen-status', {
          params: { path: { schoolId, pupilId } },
          body: { status: 'K', startDate, primaryNeed: primaryNeed || undefined, reason, ...noticeAnswer(startDate, told) },
        }),
      );
      onDone();
    });
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="place-h">
      <h3 id="place-h">Place on SEN Support</h3>
      <p className="hint">The parents are sent the formal notice (Children and Families Act 2014, s.68) automatically.</p>
      <ErrorSummary error={error} />
      <Select label="Primary need" value={primaryNeed} onChange={(v) => setNeed(isOneOf(NEEDS, v) ? v : '')} options={NEED} empty="Choose a need" />
      <TextField label="Start date" type="date" value={startDate} onChange={setStart} name="startDate" />
      <ParentsToldQuestion startDate={startDate} value={told} onChange={setTold} />
      <TextArea label="Reason" hint="What the assessment found" value={reason} onChange={setReason} />
      <button type="submit" className="button" disabled={busy}>
        Place on SEN Support
      </button>
    </form>
  );
}

/**
 * Other changes of SEN status for a pupil on the register: an EHC plan issued, back to monitoring, or off the
 * register. Each starts a new period in the append-only history; ending support usually happens at a review.
 */
export function ChangeStatus({
  schoolId,
  pupilId,
  current,
  onDone,
}: {
  schoolId: string;
  pupilId: string;
  current: Schemas['StatusEntryDto'];
  onDone: () => void;
}) {
  const choices = Object.fromEntries(Object.entries(STATUS).filter(([k]) => k !== current.status));
  const [status, setStatus] = useState<SenStatus>(current.status === 'K' ? 'E' : 'K');
  // A new period starts after the current one began (the history is added to, never rewritten).
  const dayAfter = (() => {
    const d = new Date(`${current.startDate}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  })();
  const [startDate, setStart] = useState(todayIso() > current.startDate ? todayIso() : dayAfter);
  const [primaryNeed, setNeed] = useState<Need | ''>(current.primaryNeed ?? '');
  const [ehcPlanDate, setEhcDate] = useState(todayIso());
  const [reason, setReason] = useState('');
  const [told, setTold] = useState<boolean | null>(null);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/sen-status', {
          params: { path: { schoolId, pupilId } },
          body: {
            status,
            startDate,
            reason,
            ...(status === 'E' ? { ehcPlanDate } : {}),
            ...(status !== 'N' && primaryNeed ? { primaryNeed } : {}),
            ...(status === 'K' && current.status !== 'K' ? noticeAnswer(startDate, told) : {}),
          },
        }),
      );
      onDone();
    });
  };
  return (
    <details className="panel">
      <summary>Change SEN status</summary>
      <form onSubmit={submit}>
        <ErrorSummary error={error} />
        <Select label="New status" value={status} onChange={(v) => isOneOf(SEN_STATUS, v) && setStatus(v)} options={choices} />
        <TextField
          label="From"
          type="date"
          hint={`After ${longDate(current.startDate)}, when the current status began, and not in the future.`}
          value={startDate}
          onChange={setStart}
        />
        {status !== 'N' && (
          <Select
            label="Primary need (change of status)"
            value={primaryNeed}
            onChange={(v) => setNeed(isOneOf(NEEDS, v) ? v : '')}
            options={NEED}
            empty="Choose a need"
          />
        )}
        {status === 'E' && <TextField label="Date the EHC plan was issued" type="date" value={ehcPlanDate} onChange={setEhcDate} />}
        {status === 'K' && current.status !== 'K' && <ParentsToldQuestion startDate={startDate} value={told} onChange={setTold} />}
        <TextArea label="Why" value={reason} onChange={setReason} />
        <button type="submit" className="button" disabled={busy}>
          Change the status
        </button>
      </form>
    </details>
  );
}

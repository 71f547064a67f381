import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { $api } from '../api/query';
import { longDate, todayIso } from '../labels';
import { DataTable, ErrorSummary, Loading, Select, Tag, TextArea, TextField, useAction } from '../ui';

export const PROFESSIONAL_ROLE: Record<string, string> = {
  educational_psychologist: 'Educational psychologist',
  speech_and_language_therapist: 'Speech and language therapist',
  paediatrician: 'Paediatrician',
  camhs: 'CAMHS',
  outreach_teacher: 'Outreach teacher',
  other: 'Other professional',
};
const CONSENT_GIVER: Record<string, string> = { parent: 'A parent', carer: 'A carer', young_person: 'The young person' };
const ACTION: Record<string, string> = { view: 'viewed', download: 'downloaded a document', upload: 'sent a report back' };
const STATE_TONE: Record<string, 'green' | 'grey' | 'red'> = { active: 'green', expired: 'grey', revoked: 'red' };

/**
 * Sharing the pupil's record with an outside professional (docs/web.md, "Sharing with professionals"): consent
 * first, then who and what; the link goes only to the professional's email. Below, each share with its view log.
 */
export function Sharing({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const path = { schoolId, pupilId };
  const shares = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/shares', { params: { path } });
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/pupils/{pupilId}/shares'] });
  const [open, setOpen] = useState(false);
  return (
    <>
      <Loading state={shares}>{(list) => <ShareList schoolId={schoolId} shares={list} onChanged={refresh} />}</Loading>
      {open ? (
        <ShareForm
          schoolId={schoolId}
          pupilId={pupilId}
          onDone={() => {
            setOpen(false);
            refresh();
          }}
        />
      ) : (
        <button type="button" className="button secondary" onClick={() => setOpen(true)}>
          Share with a professional
        </button>
      )}
      <PendingReports schoolId={schoolId} pupilId={pupilId} />
    </>
  );
}

function ShareList({ schoolId, shares, onChanged }: { schoolId: string; shares: Schemas['ShareDto'][]; onChanged: () => void }) {
  const { busy, error, run } = useAction();
  const revoke = (shareId: string) =>
    void run(async () => {
      must(await api.POST('/v1/schools/{schoolId}/shares/{shareId}/revoke', { params: { path: { schoolId, shareId } } }));
      onChanged();
    });
  if (shares.length === 0) return <p>Not shared with anyone.</p>;
  return (
    <>
      <ErrorSummary error={error} />
      <DataTable label="Shares" columns={['Shared with', 'Consent', 'Until', 'Views', '']}>
        {shares.map((s) => (
          <tr key={s.id}>
            <td>
              {s.professionalName}, {PROFESSIONAL_ROLE[s.professionalRole] ?? s.professionalRole}
              {s.organisation ? ` (${s.organisation})` : ''} <Tag tone={STATE_TONE[s.state]}>{s.state}</Tag>
            </td>
            <td>
              {s.consent.givenBy} ({CONSENT_GIVER[s.consent.relationship] ?? s.consent.relationship}), {longDate(s.consent.givenOn)}: {s.consent.purpose}
            </td>
            <td>{longDate(s.expiresAt)}</td>
            <td>
              {s.views.length === 0
                ? 'Not opened yet'
                : s.views.map((v) => (
                    <div key={v.id}>
                      {ACTION[v.action] ?? v.action} on {longDate(v.occurredAt)}
                    </div>
                  ))}
            </td>
            <td>
              {s.state === 'active' && (
                <button type="button" className="button warning" disabled={busy} onClick={() => revoke(s.id)}>
                  Revoke the link to {s.professionalName}
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

function ShareForm({ schoolId, pupilId, onDone }: { schoolId: string; pupilId: string; onDone: () => void }) {
  const [givenBy, setGivenBy] = useState('');
  const [relationship, setRelationship] = useState('parent');
  const [givenOn, setGivenOn] = useState(todayIso());
  const [purpose, setPurpose] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('educational_psychologist');
  const [organisation, setOrganisation] = useState('');
  const [summary, setSummary] = useState(true);
  const [plan, setPlan] = useState(true);
  const [days, setDays] = useState('30');
  const [documentIds, setDocumentIds] = useState<string[]>([]);
  const documents = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/documents', { params: { path: { schoolId, pupilId } } });
  const choose = (id: string, chosen: boolean) => setDocumentIds((ids) => (chosen ? [...ids, id] : ids.filter((x) => x !== id)));
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/shares', {
          params: { path: { schoolId, pupilId } },
          body: {
            consent: { givenBy, relationship: relationship as Schemas['ConsentDto']['relationship'], givenOn, purpose },
            professionalName: name,
            professionalEmail: email,
            professionalRole: role as Schemas['ShareInputDto']['professionalRole'],
            organisation: organisation || null,
            expiresInDays: Number(days),
            summary,
            plan,
            documentIds,
          },
        }),
      );
      onDone();
    });
  };
  return (
    <form onSubmit={submit}>
      <ErrorSummary error={error} />
      <fieldset>
        <legend>Consent to share</legend>
        <p className="hint">Record who agreed to this sharing, when and for what. Nothing is shared without it.</p>
        <TextField label="Name of the person who gave consent" value={givenBy} onChange={setGivenBy} />
        <Select label="They are" value={relationship} onChange={setRelationship} options={CONSENT_GIVER} />
        <TextField label="Date consent was given" type="date" value={givenOn} onChange={setGivenOn} />
        <TextArea label="What the sharing is for" value={purpose} onChange={setPurpose} hint="For example: assessment of speech and language needs" />
      </fieldset>
      <fieldset>
        <legend>The professional</legend>
        <TextField label="Professional's name" value={name} onChange={setName} />
        <TextField label="Professional's email" type="email" value={email} onChange={setEmail} hint="The link and a one-time code go to this address only." />
        <Select label="Role" value={role} onChange={setRole} options={PROFESSIONAL_ROLE} />
        <TextField label="Organisation (optional)" value={organisation} onChange={setOrganisation} />
      </fieldset>
      <fieldset>
        <legend>What to share</legend>
        <label className="check">
          <input type="checkbox" checked={summary} onChange={(e) => setSummary(e.target.checked)} /> Pupil summary: name, year, needs, current provision
        </label>
        <label className="check">
          <input type="checkbox" checked={plan} onChange={(e) => setPlan(e.target.checked)} /> The current support plan
        </label>
        <ShareableDocuments documents={documents.data ?? []} chosen={documentIds} onChoose={choose} />
      </fieldset>
      <TextField label="Days the link works (1 to 30)" type="number" inputMode="numeric" value={days} onChange={setDays} />
      <button type="submit" className="button" disabled={busy}>
        Share and email the link
      </button>
    </form>
  );
}

/** The record's documents that can go in a share: only those that passed their virus scan. */
function ShareableDocuments({
  documents,
  chosen,
  onChoose,
}: {
  documents: Schemas['DocumentDto'][];
  chosen: string[];
  onChoose: (id: string, chosen: boolean) => void;
}) {
  const clean = documents.filter((d) => d.status === 'clean');
  if (clean.length === 0) return <p className="hint">No document on the record has passed its virus scan yet, so none can be shared.</p>;
  return (
    <>
      {clean.map((d) => (
        <label className="check" key={d.id}>
          <input type="checkbox" checked={chosen.includes(d.id)} onChange={(e) => onChoose(d.id, e.target.checked)} /> Document: {d.filename}
          {d.confidential ? ' (confidential)' : ''}
        </label>
      ))}
    </>
  );
}

/** Reports professionals sent back through a link: accepted, one joins the pupil's professional reports. */
function PendingReports({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const reports = $api.useQuery('get', '/v1/schools/{schoolId}/shared-reports', { params: { path: { schoolId }, query: { status: 'pending' } } });
  const queryClient = useQueryClient();
  const { busy, error, run } = useAction();
  const decide = (sharedReportId: string, decision: 'accept' | 'reject') =>
    void run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/shared-reports/{sharedReportId}/decision', {
          params: { path: { schoolId, sharedReportId } },
          body: { decision },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/shared-reports'] });
    });
  const mine = (reports.data ?? []).filter((r) => r.pupilId === pupilId);
  if (mine.length === 0) return null;
  return (
    <>
      <h3>Reports sent back, waiting for you</h3>
      <ErrorSummary error={error} />
      {mine.map((r) => (
        <div key={r.id} className="card">
          <p>
            <strong>{r.professionalName}</strong>, {PROFESSIONAL_ROLE[r.professionalRole] ?? r.professionalRole}, report of {longDate(r.reportDate)}
          </p>
          <p>{r.summary}</p>
          {r.recommendations && <p>Recommendations: {r.recommendations}</p>}
          {r.documentId && <p>A file came with it: it is in the pupil&apos;s documents, confidential, once checked for viruses.</p>}
          <button type="button" className="button" disabled={busy} onClick={() => decide(r.id, 'accept')}>
            Accept into professional reports
          </button>{' '}
          <button type="button" className="button secondary" disabled={busy} onClick={() => decide(r.id, 'reject')}>
            Reject
          </button>
        </div>
      ))}
    </>
  );
}

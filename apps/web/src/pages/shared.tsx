import { useQuery } from '@tanstack/react-query';
import createClient from 'openapi-fetch';
import { useState, type FormEvent } from 'react';
import { must, type Schemas } from '../api/client';
import type { paths } from '../../generated/schema';
import { sizeLabel } from '../features/documents/labels';
import { longDate, todayIso, yearLabel } from '../labels';
import { ErrorSummary, Field, Loading, Page, TextArea, TextField, downloadBlob, useAction } from '../ui';

/** No account here: a client without the staff session, so a signed-in browser sends no bearer token. */
const open = createClient<paths>({ baseUrl: window.location.origin, credentials: 'omit' });
const HEADER = 'x-share-session';

/**
 * The page an outside professional opens from the emailed link (docs/web.md, "The professional's page"): ask
 * for a one-time code by email, enter it, read what the school shared, and send a report back.
 */
export function SharedPage({ token }: { token: string }) {
  // Through the client without the staff session (not $api), keyed by the path it reads like every other query.
  const intro = useQuery({
    queryKey: ['get', '/v1/shared/{token}', token],
    queryFn: async () => must(await open.GET('/v1/shared/{token}', { params: { path: { token } } })),
  });
  const [session, setSession] = useState<string | null>(null);
  return (
    <main id="main" className="main narrow">
      <Loading state={intro}>
        {(i) => (
          <Page title={`Information shared by ${i.schoolName}`}>
            <p>
              For {i.professionalName}. This link works until {longDate(i.expiresAt)}.
            </p>
            {session ? <Record token={token} session={session} /> : <CodeEntry token={token} onOpen={setSession} />}
          </Page>
        )}
      </Loading>
    </main>
  );
}

function CodeEntry({ token, onOpen }: { token: string; onOpen: (key: string) => void }) {
  const [requested, setRequested] = useState(false);
  const [code, setCode] = useState('');
  const { busy, error, run } = useAction();
  const request = () =>
    void run(async () => {
      must(await open.POST('/v1/shared/{token}/code', { params: { path: { token } } }));
      setRequested(true);
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => onOpen(must(await open.POST('/v1/shared/{token}/session', { params: { path: { token } }, body: { code } })).sessionKey));
  };
  return (
    <>
      <ErrorSummary error={error} />
      <p>Before anything is shown, we email a one-time code to your address. It works once, for 10 minutes.</p>
      <button type="button" className="button secondary" disabled={busy} onClick={request}>
        {requested ? 'Email me another code' : 'Email me a code'}
      </button>
      {requested && (
        <div className="notice success" role="status">
          If this link is still open, a code is on its way to your email.
        </div>
      )}
      <form onSubmit={submit}>
        <TextField label="One-time code" value={code} onChange={setCode} inputMode="numeric" autoComplete="one-time-code" hint="6 digits" />
        <button type="submit" className="button" disabled={busy}>
          Show the information
        </button>
      </form>
    </>
  );
}

function Record({ token, session }: { token: string; session: string }) {
  const record = useQuery({
    queryKey: ['get', '/v1/shared/{token}/record', token, session],
    queryFn: async () => must(await open.GET('/v1/shared/{token}/record', { params: { path: { token }, header: { [HEADER]: session } } })),
  });
  return (
    <Loading state={record}>
      {(r) => (
        <>
          {r.summary && <Summary summary={r.summary} />}
          {r.plan && (
            <section aria-labelledby="shared-plan-h">
              <h2 id="shared-plan-h">Current support plan (version {r.plan.version})</h2>
              <List title="Needs" items={r.plan.needs} />
              <List title="Targets" items={r.plan.targets} />
              <List title="Provision" items={r.plan.provision} />
            </section>
          )}
          {r.documents.length > 0 && <Documents token={token} session={session} documents={r.documents} />}
          <SendReport token={token} session={session} />
        </>
      )}
    </Loading>
  );
}

function Summary({ summary: s }: { summary: Schemas['SharedSummaryDto'] }) {
  const year = s.yearGroup <= 0 ? (s.yearGroup === 0 ? 'R' : `N${s.yearGroup + 3}`) : String(s.yearGroup);
  return (
    <section aria-labelledby="shared-summary-h">
      <h2 id="shared-summary-h">
        {s.firstName} {s.lastName}
      </h2>
      <dl className="summary-list">
        <div>
          <dt>Year</dt>
          <dd>{yearLabel(year)}</dd>
        </div>
        <div>
          <dt>Recorded needs</dt>
          <dd>{s.needs.join(', ') || 'None recorded'}</dd>
        </div>
      </dl>
      <List title="Current provision" items={s.provision} />
    </section>
  );
}

function List({ title, items }: { title: string; items: string[] }) {
  return (
    <>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p>None recorded.</p>
      ) : (
        <ul className="list">
          {items.map((x, i) => (
            <li key={i}>{x}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * The shared documents. A download needs the session header, so a plain link cannot fetch it: the file is
 * fetched, then handed to the browser as a download (never opened in this page).
 */
function Documents({ token, session, documents }: { token: string; session: string; documents: Schemas['SharedDocumentDto'][] }) {
  const { busy, error, run } = useAction();
  const download = (d: Schemas['SharedDocumentDto']) =>
    void run(async () => {
      const res = await fetch(`/v1/shared/${encodeURIComponent(token)}/documents/${d.id}`, { headers: { [HEADER]: session }, credentials: 'omit' });
      if (!res.ok) throw new Error(res.status === 404 ? 'This document is no longer shared.' : 'The document could not be downloaded. Try again.');
      downloadBlob(await res.blob(), d.filename);
    });
  return (
    <section aria-labelledby="shared-documents-h">
      <h2 id="shared-documents-h">Documents</h2>
      <ErrorSummary error={error} />
      <ul className="list">
        {documents.map((d) => (
          <li key={d.id}>
            <button type="button" className="button secondary" disabled={busy} onClick={() => download(d)}>
              Download {d.filename}
            </button>{' '}
            ({sizeLabel(d.size)})
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The report's file, sent after the report: one file, checked for viruses before the school opens it. */
function AttachFile({ token, session, reportId }: { token: string; session: string; reportId: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [attached, setAttached] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (!file) throw new Error('Choose the file of your report first.');
      const form = new FormData();
      form.append('file', file);
      const res = await fetch(`/v1/shared/${encodeURIComponent(token)}/reports/${reportId}/file`, {
        method: 'POST',
        body: form,
        headers: { [HEADER]: session },
        credentials: 'omit',
      });
      const body = (await res.json()) as { filename?: string; detail?: string; errors?: { message: string }[] };
      if (!res.ok) throw new Error(body.errors?.map((x) => x.message).join('; ') ?? body.detail ?? 'The file could not be sent.');
      setAttached(body.filename ?? file.name);
    });
  };
  if (attached)
    return (
      <div className="notice success" role="status">
        {attached} has been sent with your report.
      </div>
    );
  return (
    <form onSubmit={submit}>
      <ErrorSummary error={error} />
      <Field label="Attach the file of your report (optional)" hint="PDF, Word or an image; it is checked for viruses before the school opens it.">
        {(id, describedBy) => <input id={id} type="file" aria-describedby={describedBy} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
      </Field>
      <button type="submit" className="button secondary" disabled={busy}>
        Send the file
      </button>
    </form>
  );
}

function SendReport({ token, session }: { token: string; session: string }) {
  const [reportDate, setReportDate] = useState(todayIso());
  const [summary, setSummary] = useState('');
  const [recommendations, setRecommendations] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const receipt = must(
        await open.POST('/v1/shared/{token}/reports', {
          params: { path: { token }, header: { [HEADER]: session } },
          body: { reportDate, summary, recommendations: recommendations || null },
        }),
      );
      setSent(receipt.id);
    });
  };
  return (
    <section aria-labelledby="send-report-h">
      <h2 id="send-report-h">Send your report back</h2>
      {sent ? (
        <>
          <div className="notice success" role="status">
            Thank you: your report has been sent to the school&apos;s SENCO.
          </div>
          <AttachFile token={token} session={session} reportId={sent} />
        </>
      ) : (
        <form onSubmit={submit}>
          <ErrorSummary error={error} />
          <TextField label="Date of your report" type="date" value={reportDate} onChange={setReportDate} />
          <TextArea label="Summary of your findings" value={summary} onChange={setSummary} rows={6} />
          <TextArea label="Recommendations (optional)" value={recommendations} onChange={setRecommendations} rows={4} />
          <button type="submit" className="button" disabled={busy}>
            Send the report to the school
          </button>
        </form>
      )}
    </section>
  );
}

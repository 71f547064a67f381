import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { $api } from '../api/query';
import { longDate } from '../labels';
import { Link } from '../router';
import { DataTable, ErrorSummary, Field, Page, Select, Tag, TextField, useAction } from '../ui';
import { MappingEditor, MappingPreview, fitToFile, readCsvStart, type Mapping } from './import-mapping';

type P = { params: Record<string, string> };
type Report = Schemas['ImportReportDto'];
const MATCHED = '';

/**
 * MIS import: the file's own headers are read here, matched to SEN Manager's fields (the API's guess from
 * its synonym table, or a saved or built-in layout), corrected by the SENCO, previewed, saved as a mapping
 * for next time, then dry-run and committed.
 */
export function ImportPage({ params }: P) {
  const schoolId = params.schoolId;
  const saved = $api.useQuery('get', '/v1/schools/{schoolId}/import-mappings', { params: { path: { schoolId } } });
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState<{ text: string; headers: string[]; rows: string[][] } | null>(null);
  const [layout, setLayout] = useState(MATCHED);
  const [guess, setGuess] = useState<Mapping | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [edited, setEdited] = useState(false);
  const [name, setName] = useState('our-mis');
  const [goLive, setGoLive] = useState('');
  const [skipRejected, setSkip] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [committed, setCommitted] = useState<Report | null>(null);
  const { busy, error, run } = useAction();

  const choose = (value: string, headers = csv?.headers ?? [], suggested = guess) => {
    setLayout(value);
    const from = value === MATCHED ? suggested : (saved.data?.find((m) => m.name === value) ?? null);
    setMapping(from ? fitToFile(from, headers) : null);
    setEdited(false);
    if (value !== MATCHED && !isBuiltIn(value)) setName(value);
    setReport(null);
  };
  const readFile = (file: File | undefined) =>
    run(async () => {
      setReport(null);
      setCommitted(null);
      if (!file) return setCsv(null);
      const text = await file.text();
      const [headers = [], ...rows] = readCsvStart(text);
      setCsv({ text, headers, rows });
      const suggested = must(await api.POST('/v1/schools/{schoolId}/imports/suggest-mapping', { params: { path: { schoolId } }, body: { headers } }));
      setGuess(suggested);
      choose(MATCHED, headers, suggested);
    });
  // The file goes as it is (text/csv), not as JSON.
  const csvBody = (text: string) => ({ body: text, bodySerializer: (b: string) => b, headers: { 'content-type': 'text/csv' } });
  const check = () =>
    run(async () => {
      if (!csv || !mapping) throw new Error('Choose a CSV file first');
      setCommitted(null);
      // Built-in layouts are used as they are; anything matched or corrected here is saved for next time.
      let use = layout;
      if (!isBuiltIn(layout) || edited) {
        must(
          await api.PUT('/v1/schools/{schoolId}/import-mappings/{name}', {
            params: { path: { schoolId, name } },
            body: { pupil: mapping.pupil, contacts: mapping.contacts, surnamePosition: mapping.surnamePosition },
          }),
        );
        use = name;
        void queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/import-mappings'] });
      }
      const query = { mapping: use, ...(goLive ? { goLive } : {}) };
      setReport(must(await api.POST('/v1/schools/{schoolId}/imports', { params: { path: { schoolId }, query }, ...csvBody(csv.text) })));
      setSkip(false);
    });
  const commit = () =>
    run(async () => {
      if (!csv || !report) throw new Error('Choose a CSV file first');
      const query = { ...(goLive ? { goLive } : {}), ...(skipRejected ? { skipRejected: 'true' as const } : {}) };
      setCommitted(
        must(
          await api.POST('/v1/schools/{schoolId}/imports/{importId}/commit', {
            params: { path: { schoolId, importId: report.importId }, query },
            ...csvBody(csv.text),
          }),
        ),
      );
      setReport(null);
    });

  const layouts = Object.fromEntries<string>([
    [MATCHED, 'Match my file’s columns'],
    ...(saved.data ?? []).map((m): [string, string] => [m.name, LAYOUT_NAMES[m.name] ?? `Saved: ${m.name}`]),
  ]);
  const importable = report ? report.summary.create + report.summary.update : 0;
  return (
    <Page title="Import pupils from your MIS" wide>
      <p>Export pupils from your management information system as CSV. You match its columns, see what would change, and only then save anything.</p>
      <ErrorSummary error={error} />
      <Field label="CSV file">{(id) => <input id={id} type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} />}</Field>
      {csv && mapping && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void check();
          }}
        >
          <h2>Match the columns</h2>
          <p>Your file has {csv.headers.length} columns. We have matched those we recognise; check each and correct any that are wrong.</p>
          <Select label="Columns" value={layout} onChange={(v) => choose(v)} options={layouts} />
          <MappingEditor headers={csv.headers} mapping={mapping} onChange={(m) => (setMapping(m), setEdited(true), setReport(null))} />
          <h3>Preview</h3>
          <MappingPreview mapping={mapping} headers={csv.headers} rows={csv.rows} />
          <TextField
            label="Save these columns as"
            hint="Lower-case letters, digits, - or _. Next time choose it under Columns."
            value={name}
            onChange={setName}
          />
          <TextField
            label="The day your school started using SEN Manager (go-live date)"
            hint="Pupils whose SEN Support began before this day are recorded as already told; no formal notice is sent to their parents. Needed once, on the first import that places pupils on SEN Support."
            type="date"
            value={goLive}
            onChange={setGoLive}
          />
          <button type="submit" className="button" disabled={busy}>
            Check the file
          </button>
        </form>
      )}
      {report && (
        <section aria-labelledby="dry-h" className="panel">
          <h2 id="dry-h">What this import would do</h2>
          <ImportSummary summary={report.summary} />
          <Notices notices={report.notices} committed={false} />
          <ImportRows rows={report.rows} />
          {report.summary.reject > 0 && importable > 0 && (
            <label className="check">
              <input type="checkbox" checked={skipRejected} onChange={(e) => setSkip(e.target.checked)} /> Import the {importable} valid row
              {importable === 1 ? '' : 's'} and leave out the {report.summary.reject} rejected
            </label>
          )}
          {importable > 0 ? (
            <button type="button" className="button" disabled={busy || (report.summary.reject > 0 && !skipRejected)} onClick={() => void commit()}>
              Import {importable} pupil{importable === 1 ? '' : 's'}
            </button>
          ) : (
            <p>There is nothing to import.</p>
          )}
          {report.summary.reject > 0 && !skipRejected && (
            <p className="hint">Nothing is imported while rows are rejected, unless you choose to leave them out.</p>
          )}
        </section>
      )}
      {committed && (
        <div className="notice success" role="status">
          <h2>Import complete</h2>
          <ImportSummary summary={committed.summary} />
          <Notices notices={committed.notices} committed />
          {committed.leftOut.length > 0 && (
            <>
              <h3>Left out</h3>
              <ul>
                {committed.leftOut.map((r) => (
                  <li key={r.row}>
                    Row {r.row}: {r.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}
                  </li>
                ))}
              </ul>
            </>
          )}
          <Link to={`/app/s/${schoolId}/register`}>Go to the register</Link>
        </div>
      )}
    </Page>
  );
}

const LAYOUT_NAMES: Record<string, string> = {
  standard: 'SEN Manager export (standard)',
  sims: 'SIMS',
  arbor: 'Arbor',
  bromcom: 'Bromcom',
  scholarpack: 'ScholarPack',
};
const isBuiltIn = (name: string) => name in LAYOUT_NAMES;

function Notices({ notices, committed }: { notices: Schemas['ImportNoticesDto']; committed: boolean }) {
  const sent = committed ? 'are being sent' : 'would be sent';
  return (
    <section className="panel" aria-labelledby="notices-h">
      <h3 id="notices-h">Formal notices to parents</h3>
      <p>
        <strong>{notices.toSend}</strong> formal notice{notices.toSend === 1 ? '' : 's'} that SEN Support has begun (Children and Families Act 2014, s.68){' '}
        {sent} to <strong>{notices.parents}</strong> parent{notices.parents === 1 ? '' : 's'} and carers.
      </p>
      {notices.givenOutside > 0 && (
        <p>
          {notices.givenOutside} pupil{notices.givenOutside === 1 ? '' : 's'} began SEN Support before the go-live date
          {notices.goLiveDate ? ` (${longDate(notices.goLiveDate)})` : ''}: recorded as already told, nothing sent.
        </p>
      )}
      {notices.goLiveRequired && (
        <p>
          <Tag tone="yellow">Go-live date needed</Tag> This import places pupils on SEN Support: give the day your school started using SEN Manager above and
          check the file again.
        </p>
      )}
    </section>
  );
}

function ImportSummary({ summary }: { summary: Schemas['ImportSummaryDto'] }) {
  return (
    <ul className="cards">
      <li className="card">
        <span className="card-number">{summary.create}</span> new
      </li>
      <li className="card">
        <span className="card-number">{summary.update}</span> updated
      </li>
      <li className="card">
        <span className="card-number">{summary.unchanged}</span> unchanged
      </li>
      <li className="card">
        <span className="card-number">{summary.reject}</span> rejected
      </li>
    </ul>
  );
}

function ImportRows({ rows }: { rows: Schemas['ImportRowDto'][] }) {
  const shown = rows.filter((r) => r.action !== 'unchanged' || r.warnings.length > 0);
  if (shown.length === 0) return null;
  return (
    <DataTable label="Rows of the file" columns={['Row', 'UPN', 'Action', 'Details']}>
      {shown.slice(0, 200).map((r) => (
        <tr key={r.row}>
          <td>{r.row}</td>
          <td>{r.upn ?? '—'}</td>
          <td>
            {r.action === 'reject' ? <Tag tone="red">Rejected</Tag> : r.action === 'create' ? 'New pupil' : r.action === 'update' ? 'Update' : 'Unchanged'}
          </td>
          <td>
            {r.errors.length > 0 ? r.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : r.changes.join(', ')}
            {r.warnings.map((w) => (
              <div key={w.field}>
                <Tag tone="yellow">To complete</Tag> {w.field}: {w.message}
              </div>
            ))}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

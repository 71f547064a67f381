import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { Schemas } from '../../api/client';
import { $api } from '../../api/query';
import { AREA } from '../../labels';
import { DataTable, ErrorSummary, Loading, Page, TextField, useAction } from '../../ui';
import { listFrameworks, sendFramework, type CsvHeader, type FrameworkFile, type Report, type Target } from './framework-upload';

/**
 * A local authority's ordinarily available provision framework imported (docs/oap.md), by the platform admin or a
 * trust lead for the trust's own schools: a JSON file, or a CSV of expectations with the framework's own fields
 * typed here. It is checked first (a dry run naming every bad row), then imported as it was checked.
 */
export function FrameworkImportPage() {
  return <FrameworkImport target={{ kind: 'admin' }} />;
}

/** The trust lead's import: the trust is the school's (a trust lead reaches it from one of the trust's schools). */
export function TrustFrameworkImportPage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId ?? '';
  const school = $api.useQuery('get', '/v1/schools/{schoolId}', { params: { path: { schoolId } } });
  return (
    <Loading state={school}>
      {(s) => (s.trustId ? <FrameworkImport target={{ kind: 'trust', trustId: s.trustId }} /> : <p>This school is in no trust.</p>)}
    </Loading>
  );
}

const NO_HEADER: CsvHeader = { laCode: '', name: '', version: '1', effectiveFrom: '', source: '', scale: '' };

function FrameworkImport({ target }: { target: Target }) {
  // Keyed by the path it reads, so invalidating that path refreshes it.
  const listKey = target.kind === 'admin' ? ['get', '/v1/admin/oap-frameworks'] : ['get', '/v1/trusts/{trustId}/oap-frameworks', target.trustId];
  const list = useQuery({ queryKey: listKey, queryFn: () => listFrameworks(target) });
  const queryClient = useQueryClient();
  const [file, setFile] = useState<FrameworkFile | null>(null);
  const [header, setHeader] = useState<CsvHeader>(NO_HEADER);
  const [report, setReport] = useState<Report | null>(null);
  const { busy, error, run, setError } = useAction();
  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    setReport(null);
    setError(null);
    const chosen = e.target.files?.[0];
    if (!chosen) return setFile(null);
    void chosen.text().then((text) => {
      if (/\.csv$/i.test(chosen.name)) return setFile({ kind: 'csv', name: chosen.name, text });
      try {
        setFile({ kind: 'json', name: chosen.name, body: JSON.parse(text) as Schemas['OapFrameworkFileDto'] });
      } catch {
        setFile(null);
        setError(new Error(`${chosen.name} is neither a JSON file nor a CSV file`));
      }
    });
  };
  const send = (commit: boolean) => (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void run(async () => {
      setReport(await sendFramework(target, file, header, commit));
      if (commit) await queryClient.invalidateQueries({ queryKey: listKey });
    });
  };
  const field = (key: keyof CsvHeader) => (value: string) => setHeader((h) => ({ ...h, [key]: value }));
  return (
    <Page title="Ordinarily available provision frameworks" wide>
      <p>
        Import a local authority's framework as a JSON file, or a CSV of its expectations, in the format of docs/oap.md
        {target.kind === 'trust' ? ", for your trust's schools in that authority" : ''}. It is checked first; nothing is stored until you import it.
      </p>
      <form onSubmit={send(false)}>
        <ErrorSummary error={error} />
        <div className="field">
          <label htmlFor="oap-file">Framework file (JSON or CSV)</label>
          <input id="oap-file" type="file" accept="application/json,.json,text/csv,.csv" onChange={choose} />
        </div>
        {file?.kind === 'csv' && (
          <fieldset className="field-group">
            <legend>The framework (a CSV holds only its expectations)</legend>
            <TextField label="Local authority number" hint="3 digits, e.g. 886" value={header.laCode} onChange={field('laCode')} inputMode="numeric" />
            <TextField label="Name of the framework" value={header.name} onChange={field('name')} />
            <TextField label="Version" value={header.version} onChange={field('version')} inputMode="numeric" />
            <TextField label="In effect from" type="date" value={header.effectiveFrom} onChange={field('effectiveFrom')} />
            <TextField label="Source" hint="The authority's document: authority, title, year" value={header.source} onChange={field('source')} />
            <TextField
              label="Scale"
              hint="The authority's own levels or ranges, in order, separated by | (leave empty if none)"
              value={header.scale}
              onChange={field('scale')}
            />
          </fieldset>
        )}
        <button type="submit" className="button" disabled={busy || !file}>
          Check the file
        </button>
      </form>
      {report && (
        <section aria-labelledby="oap-report-h">
          <h2 id="oap-report-h">{report.stored ? 'Imported' : 'Ready to import'}</h2>
          <p role="status">
            {report.name}, version {report.version}, LA {report.laCode}, in effect from {report.effectiveFrom}: {report.expectations} expectations (
            {Object.entries(report.byArea)
              .map(([area, n]) => `${AREA[area] ?? area} ${n}`)
              .join(', ')}
            ); {report.schoolsInLa} {report.schoolsInLa === 1 ? 'school' : 'schools'} in the LA.
          </p>
          {!report.stored && (
            <form onSubmit={send(true)}>
              <button type="submit" className="button" disabled={busy}>
                Import this framework
              </button>
            </form>
          )}
        </section>
      )}
      <h2>Frameworks</h2>
      <Loading state={list}>
        {(rows) =>
          rows.length === 0 ? (
            <p>No framework imported yet.</p>
          ) : (
            <DataTable label="Frameworks" columns={['LA', 'Name', 'Version', 'In effect from', 'Expectations', 'Owner']}>
              {rows.map((f) => (
                <tr key={f.id}>
                  <td>{f.laCode}</td>
                  <td>{f.name}</td>
                  <td>{f.version}</td>
                  <td>{f.effectiveFrom}</td>
                  <td>{f.expectations}</td>
                  <td>{f.ownerTrustId ? 'A trust' : 'Platform'}</td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </Loading>
    </Page>
  );
}

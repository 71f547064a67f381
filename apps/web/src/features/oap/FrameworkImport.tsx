import { useState, type ChangeEvent, type FormEvent } from 'react';
import { api, must, type Schemas } from '../../api/client';
import { AREA } from '../../labels';
import { DataTable, ErrorSummary, Loading, Page, useAction, useLoad } from '../../ui';

type Report = Schemas['OapImportReportDto'];

/**
 * The platform admin imports a local authority's ordinarily available provision framework (docs/oap.md): the
 * JSON file is checked first (a dry run naming every bad row), then imported as it was checked.
 */
export function FrameworkImportPage() {
  const list = useLoad(async () => must(await api.GET('/v1/admin/oap-frameworks')), []);
  const [file, setFile] = useState<{ name: string; body: unknown } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const { busy, error, run, setError } = useAction();
  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    setReport(null);
    setError(null);
    const chosen = e.target.files?.[0];
    if (!chosen) return setFile(null);
    void chosen.text().then((text) => {
      try {
        setFile({ name: chosen.name, body: JSON.parse(text) as unknown });
      } catch {
        setFile(null);
        setError(new Error(`${chosen.name} is not a JSON file`));
      }
    });
  };
  const send = (commit: boolean) => (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void run(async () => {
      const result = must(
        await api.POST('/v1/admin/oap-frameworks', {
          params: { query: { commit } },
          body: file.body as Schemas['OapFrameworkFileDto'],
        }),
      );
      setReport(result);
      if (commit) list.reload();
    });
  };
  return (
    <Page title="Ordinarily available provision frameworks" wide>
      <p>Import a local authority's framework as a JSON file in the format of docs/oap.md. It is checked first; nothing is stored until you import it.</p>
      <form onSubmit={send(false)}>
        <ErrorSummary error={error} />
        <div className="field">
          <label htmlFor="oap-file">Framework file (JSON)</label>
          <input id="oap-file" type="file" accept="application/json,.json" onChange={choose} />
        </div>
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

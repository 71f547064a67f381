import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { $api } from '../api/query';
import { Link } from '../router';
import { DataTable, ErrorSummary, Field, Page, Select, Tag, useAction } from '../ui';
import { readCsvStart } from './import-mapping';
import { columnsOf, SavedStaffMappings, type StaffMapping } from './staff-mappings';

type Report = Schemas['StaffImportReportDto'];
type Format = 'standard' | 'sims' | 'arbor';
const FORMATS: Record<Format, string> = { standard: 'SEN Manager standard', sims: 'SIMS staff export', arbor: 'Arbor staff export' };
const COLUMNS: Record<Format, string> = {
  standard: 'Columns: Name, Email, Role, Classes (several in one cell: "4B, 5A").',
  sims: 'Columns: Legal Surname, Legal Forename, Work Email, Staff Role, Classes Taught ("4B, 5A").',
  arbor: 'Columns: First Name, Last Name, Email Address, Job Title, Registration Form (one row per class).',
};
const ACTION: Record<string, string> = { invite: 'Invite', update: 'Update', unchanged: 'Unchanged' };

/**
 * Staff and class import, the same flow as the pupil import: choose the MIS's format and file, see per member
 * of staff who would be invited and whose classes change, then apply it (all or nothing).
 */
export function StaffImportPage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  // A built-in format's name, or the id of a format the school saved.
  const [format, setFormat] = useState<string>('standard');
  const mappings = $api.useQuery('get', '/v1/schools/{schoolId}/staff-import-mappings', { params: { path: { schoolId } } });
  const queryClient = useQueryClient();
  const saved = (mappings.data ?? []).filter((m): m is StaffMapping & { id: string } => m.id !== null);
  const chosen = saved.find((m) => m.id === format);
  const formats = { ...FORMATS, ...Object.fromEntries(saved.map((m): [string, string] => [m.id, `${m.name} (saved)`])) };
  const [csv, setCsv] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const headers = csv ? (readCsvStart(csv, 0)[0] ?? []) : [];
  const [applied, setApplied] = useState<Report | null>(null);
  const { busy, error, run } = useAction();
  const body = { body: csv ?? '', bodySerializer: (b: string) => b, headers: { 'content-type': 'text/csv' } };

  const readFile = (file: File | undefined) =>
    run(async () => {
      setReport(null);
      setApplied(null);
      setCsv(file ? await file.text() : null);
    });
  const check = () =>
    run(async () => {
      if (!csv) throw new Error('Choose a CSV file first');
      setApplied(null);
      const query = chosen ? { mappingId: format } : { mapping: format as Format };
      setReport(must(await api.POST('/v1/schools/{schoolId}/staff-imports', { params: { path: { schoolId }, query }, ...body })));
    });
  const apply = () =>
    run(async () => {
      const path = { schoolId, staffImportId: report!.importId };
      setApplied(must(await api.POST('/v1/schools/{schoolId}/staff-imports/{staffImportId}/commit', { params: { path }, ...body })));
      // The staff directory, read a moment ago on the way here, now has the new staff.
      await queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/staff-directory'] });
      setReport(null);
    });

  const changes = report ? report.summary.invite + report.summary.update : 0;
  return (
    <Page title="Import staff and classes from your MIS" wide>
      <p>
        Export your staff from your management information system as CSV: each person’s email, role and the classes they teach. New staff are invited by email;
        their classes are theirs when they accept. Staff already here get the file’s classes. Nothing changes until you apply the file.
      </p>
      <ErrorSummary error={error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void check();
        }}
      >
        <Select
          label="Format"
          value={format}
          onChange={(v) => (setFormat(v), setReport(null))}
          options={formats}
          hint={chosen ? `Columns: ${columnsOf(chosen)}.` : COLUMNS[format as Format]}
        />
        <Field label="CSV file">{(id) => <input id={id} type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} />}</Field>
        <button type="submit" className="button" disabled={busy || !csv}>
          Check the file
        </button>
      </form>
      <ErrorSummary error={mappings.error} />
      <SavedStaffMappings
        schoolId={schoolId}
        saved={saved}
        headers={headers}
        onChanged={(change) => {
          void queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/staff-import-mappings'] });
          setReport(null);
          if ('saved' in change) setFormat(change.saved);
          else if (change.deleted === format) setFormat('standard');
        }}
      />
      {report && (
        <section aria-labelledby="staff-dry-h" className="panel">
          <h2 id="staff-dry-h">What this import would do</h2>
          <Summary summary={report.summary} />
          <StaffRows rows={report.staff} />
          {report.summary.reject > 0 ? (
            <p className="hint">Nothing is imported while rows are refused: correct them in the file and check it again.</p>
          ) : changes > 0 ? (
            <button type="button" className="button" disabled={busy} onClick={() => void apply()}>
              Apply: {report.summary.invite} to invite, {report.summary.update} to update
            </button>
          ) : (
            <p>Everyone in the file is already up to date: there is nothing to apply.</p>
          )}
        </section>
      )}
      {applied && (
        <div className="notice success" role="status">
          <h2>Staff import applied</h2>
          <Summary summary={applied.summary} />
          <Link to={`/app/s/${schoolId}/staff`}>Go to the staff directory</Link>
        </div>
      )}
    </Page>
  );
}

function Summary({ summary }: { summary: Schemas['StaffImportSummaryDto'] }) {
  const cards: [number, string][] = [
    [summary.invite, 'to invite'],
    [summary.update, 'to update'],
    [summary.unchanged, 'unchanged'],
    [summary.reject, 'refused'],
  ];
  return (
    <ul className="cards">
      {cards.map(([n, label]) => (
        <li className="card" key={label}>
          <span className="card-number">{n}</span> {label}
        </li>
      ))}
    </ul>
  );
}

function StaffRows({ rows }: { rows: Schemas['StaffImportRowDto'][] }) {
  return (
    <DataTable label="Staff in the file" columns={['Rows', 'Name', 'Role', 'Classes', 'Action', 'Details']}>
      {rows.slice(0, 500).map((r) => (
        <tr key={r.rows.join(',')}>
          <td>{r.rows.join(', ')}</td>
          <th scope="row">
            {r.name ?? r.email} <span className="hint">{r.email}</span>
          </th>
          <td>{r.role ?? '—'}</td>
          <td>{r.classNames.join(', ') || 'None'}</td>
          <td>{r.action === 'reject' ? <Tag tone="red">Refused</Tag> : ACTION[r.action]}</td>
          <td>{r.errors.length > 0 ? r.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : r.changes.join('; ')}</td>
        </tr>
      ))}
    </DataTable>
  );
}

import { useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { DataTable, ErrorSummary, Select, TextField, useAction } from '../ui';
import { ColumnSelect } from './import-mapping';

export type StaffMapping = Schemas['StaffMappingDto'];
type Columns = Schemas['StaffColumnsDto'];

/** What each staff field is called on the page, in the order of the mapping table. */
const FIELDS: [keyof Columns, string][] = [
  ['email', 'Email (required)'],
  ['role', 'Role (required)'],
  ['fullName', 'Whole name in one column'],
  ['firstName', 'Forename'],
  ['lastName', 'Surname'],
  ['classes', 'Classes taught'],
];
const LAYOUTS = { cell: 'All of a person’s classes in one cell ("4B, 5A")', row: 'One class per row, the person repeated' };

/** The columns a mapping reads, for the Format hint and the saved mappings' table. */
export const columnsOf = (m: StaffMapping): string =>
  FIELDS.flatMap(([field, label]) => (m.columns[field] ? [`${m.columns[field]} (${label.replace(' (required)', '').toLowerCase()})`] : [])).join(', ');

interface Draft {
  id: string | null;
  name: string;
  columns: Partial<Columns>;
  classLayout: 'cell' | 'row';
}

/**
 * The school's own staff mappings, like the pupil import's saved mappings: which column of the file holds each
 * staff field, offered from the chosen file's header row. Saved, edited and deleted here; chosen by Format.
 */
export function SavedStaffMappings({
  schoolId,
  saved,
  headers,
  onChanged,
}: {
  schoolId: string;
  saved: StaffMapping[];
  headers: string[];
  onChanged: (change: { saved: string } | { deleted: string }) => void;
}) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const { busy, error, run } = useAction();
  const path = { schoolId };

  const save = (d: Draft) =>
    run(async () => {
      const body = { name: d.name, columns: d.columns as Columns, classLayout: d.classLayout };
      const result = d.id
        ? must(await api.PUT('/v1/schools/{schoolId}/staff-import-mappings/{staffMappingId}', { params: { path: { ...path, staffMappingId: d.id } }, body }))
        : must(await api.POST('/v1/schools/{schoolId}/staff-import-mappings', { params: { path }, body }));
      setDraft(null);
      if (result.id) onChanged({ saved: result.id });
    });
  const remove = (m: StaffMapping) =>
    run(async () => {
      if (!m.id) return;
      must(await api.DELETE('/v1/schools/{schoolId}/staff-import-mappings/{staffMappingId}', { params: { path: { ...path, staffMappingId: m.id } } }));
      onChanged({ deleted: m.id });
    });
  const setColumn = (field: keyof Columns, header: string) => {
    if (!draft) return;
    const columns = { ...draft.columns };
    if (header) columns[field] = header;
    else delete columns[field];
    setDraft({ ...draft, columns });
  };
  // The file's headers, and those the mapping being edited already names (the file chosen may be another).
  const offered = draft ? [...new Set([...headers, ...Object.values(draft.columns).filter((h): h is string => !!h)])] : headers;

  return (
    <section aria-labelledby="staff-mappings-h" className="panel">
      <h2 id="staff-mappings-h">Your saved mappings</h2>
      <p className="hint">If your MIS names its columns differently, save a mapping once: which column holds each field. Then choose it as the Format.</p>
      <ErrorSummary error={error} />
      {saved.length === 0 ? (
        <p>No saved mappings yet.</p>
      ) : (
        <DataTable label="Saved staff mappings" columns={['Name', 'Columns', 'Classes', 'Actions']}>
          {saved.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.name}</th>
              <td>{columnsOf(m)}</td>
              <td>{LAYOUTS[m.classLayout]}</td>
              <td>
                <button type="button" className="button secondary" aria-label={`Edit ${m.name}`} disabled={busy} onClick={() => setDraft({ ...m })}>
                  Edit
                </button>{' '}
                <button type="button" className="button warning" aria-label={`Delete ${m.name}`} disabled={busy} onClick={() => void remove(m)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {!draft ? (
        <>
          <button
            type="button"
            className="button secondary"
            disabled={headers.length === 0}
            onClick={() => setDraft({ id: null, name: '', columns: {}, classLayout: 'cell' })}
          >
            Save a mapping for this file
          </button>
          {headers.length === 0 && <p className="hint">Choose your CSV file first: its column headers are offered for each field.</p>}
        </>
      ) : (
        <form
          aria-labelledby="staff-mapping-edit-h"
          onSubmit={(e) => {
            e.preventDefault();
            void save(draft);
          }}
        >
          <h3 id="staff-mapping-edit-h">{draft.id ? `Edit the mapping ${draft.name}` : 'A new mapping'}</h3>
          <TextField
            label="Name of the mapping"
            hint="Lower-case letters, digits, - or _ (for example our-mis)"
            value={draft.name}
            onChange={(name) => setDraft({ ...draft, name })}
          />
          <DataTable label="Staff fields and the columns of your file" columns={['SEN Manager field', 'Column in your file']}>
            {FIELDS.map(([field, label]) => (
              <tr key={field}>
                <td>{label}</td>
                <td>
                  <ColumnSelect label={`Column for ${label}`} headers={offered} value={draft.columns[field] ?? ''} onChange={(h) => setColumn(field, h)} />
                </td>
              </tr>
            ))}
          </DataTable>
          <Select
            label="Classes in the file"
            value={draft.classLayout}
            options={LAYOUTS}
            onChange={(v) => setDraft({ ...draft, classLayout: v as Draft['classLayout'] })}
          />
          <button type="submit" className="button" disabled={busy}>
            Save the mapping
          </button>{' '}
          <button type="button" className="button secondary" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </form>
      )}
    </section>
  );
}

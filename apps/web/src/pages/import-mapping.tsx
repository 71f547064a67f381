import { Field, DataTable } from '../ui';
import type { Schemas } from '../api/client';

export type Mapping = Schemas['ImportMappingDto'];
type PupilColumns = Schemas['PupilColumnsDto'];
type ContactColumns = Schemas['ContactColumnsDto'];

/** What each product field is called on the page; the order is the order of the mapping table. */
export const PUPIL_LABELS: [keyof PupilColumns, string][] = [
  ['upn', 'UPN'],
  ['legalFirstName', 'Legal forename'],
  ['legalLastName', 'Legal surname'],
  ['legalFullName', 'Whole name in one column'],
  ['preferredFirstName', 'Preferred forename'],
  ['preferredLastName', 'Preferred surname'],
  ['dateOfBirth', 'Date of birth'],
  ['yearGroup', 'Year group'],
  ['className', 'Class or registration group'],
  ['gender', 'Gender'],
  ['fsm', 'Free school meals'],
  ['eal', 'English as an additional language'],
  ['lookedAfter', 'Looked after'],
  ['admissionDate', 'Admission date'],
  ['leavingDate', 'Leaving date'],
  ['senStatus', 'SEN status'],
  ['primaryNeed', 'Primary need'],
  ['secondaryNeed', 'Secondary need'],
  ['senStartDate', 'SEN start date'],
  ['ehcPlanDate', 'EHC plan date'],
];
export const CONTACT_LABELS: [keyof ContactColumns, string][] = [
  ['fullName', 'Whole name in one column'],
  ['firstName', 'Forename'],
  ['lastName', 'Surname'],
  ['relationship', 'Relationship'],
  ['parentalResponsibility', 'Parental responsibility'],
  ['email', 'Email'],
  ['phone', 'Phone'],
  ['preferredChannel', 'Preferred contact method'],
  ['hasCare', 'Has care of the pupil (lives with them)'],
];
const CONTACT_SLOTS = 3;

/** A mapping narrowed to the file's own headers (case and spacing as the file has them). */
export function fitToFile(mapping: Mapping, headers: string[]): Mapping {
  const key = (h: string) => h.replace(/\s+/g, '').toLowerCase();
  const byKey = new Map(headers.map((h) => [key(h), h]));
  const fit = <T extends object>(columns: T): T =>
    Object.fromEntries(Object.entries(columns).flatMap(([f, h]) => (typeof h === 'string' && byKey.has(key(h)) ? [[f, byKey.get(key(h))]] : []))) as T;
  return { ...mapping, pupil: fit(mapping.pupil), contacts: mapping.contacts.map(fit) };
}

/** The SENCO's check of each field's column: the guess preselected, every header of the file offered. */
export function MappingEditor({ headers, mapping, onChange }: { headers: string[]; mapping: Mapping; onChange: (m: Mapping) => void }) {
  const slots = Math.max(CONTACT_SLOTS, mapping.contacts.length);
  const contacts = Array.from({ length: slots }, (_, i) => mapping.contacts[i] ?? {});
  const setPupil = (field: keyof PupilColumns, header: string) => onChange({ ...mapping, pupil: withColumn(mapping.pupil, field, header) });
  const setContact = (slot: number, field: keyof ContactColumns, header: string) => {
    const next = contacts.map((c, i) => (i === slot ? withColumn(c, field, header) : c));
    // Empty trailing slots are dropped: the API keeps only the contact groups that name a column.
    while (next.length > 0 && Object.keys(next[next.length - 1]).length === 0) next.pop();
    onChange({ ...mapping, contacts: next });
  };
  return (
    <>
      <DataTable label="Pupil fields and the columns of your file" columns={['SEN Manager field', 'Column in your file']}>
        {PUPIL_LABELS.map(([field, label]) => (
          <tr key={field}>
            <td>{label}</td>
            <td>
              <ColumnSelect label={`Column for ${label}`} headers={headers} value={mapping.pupil[field] ?? ''} onChange={(h) => setPupil(field, h)} />
            </td>
          </tr>
        ))}
      </DataTable>
      {contacts.map((group, slot) => (
        <DataTable key={slot} label={`Contact ${slot + 1} fields`} columns={[`Contact ${slot + 1}`, 'Column in your file']}>
          {CONTACT_LABELS.map(([field, label]) => (
            <tr key={field}>
              <td>{label}</td>
              <td>
                <ColumnSelect
                  label={`Column for contact ${slot + 1} ${label.toLowerCase()}`}
                  headers={headers}
                  value={group[field] ?? ''}
                  onChange={(h) => setContact(slot, field, h)}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      ))}
      <Field label="In a whole-name column without a comma, the surname is" hint='"Smith, Jane" is always read surname first.'>
        {(id, describedBy) => (
          <select
            id={id}
            aria-describedby={describedBy}
            value={mapping.surnamePosition ?? 'last'}
            onChange={(e) => onChange({ ...mapping, surnamePosition: e.target.value as 'first' | 'last' })}
          >
            <option value="last">the last word ("Jane Smith")</option>
            <option value="first">the first word ("SMITH Jane")</option>
          </select>
        )}
      </Field>
    </>
  );
}

function withColumn<T extends object>(columns: T, field: keyof T, header: string): T {
  const next = { ...columns } as Record<string, string | undefined>;
  if (header) next[field as string] = header;
  else delete next[field as string];
  return next as T;
}

export function ColumnSelect({ label, headers, value, onChange }: { label: string; headers: string[]; value: string; onChange: (h: string) => void }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">(not in the file)</option>
      {headers.map((h) => (
        <option key={h} value={h}>
          {h}
        </option>
      ))}
    </select>
  );
}

/** The first rows as the mapping reads them: each mapped field with the value in its column. */
export function MappingPreview({ mapping, headers, rows }: { mapping: Mapping; headers: string[]; rows: string[][] }) {
  const index = new Map(headers.map((h, i) => [h, i]));
  const fields: [string, string][] = [
    ...PUPIL_LABELS.flatMap(([f, label]) => (mapping.pupil[f] ? [[label, mapping.pupil[f]] as [string, string]] : [])),
    ...mapping.contacts.flatMap((group, slot) =>
      CONTACT_LABELS.flatMap(([f, label]) => (group[f] ? [[`Contact ${slot + 1} ${label.toLowerCase()}`, group[f]] as [string, string]] : [])),
    ),
  ];
  return (
    <DataTable label="The first rows as they would be read" columns={['Field', ...rows.map((_, i) => `Row ${i + 2}`)]}>
      {fields.map(([label, header]) => (
        <tr key={label}>
          <td>{label}</td>
          {rows.map((r, i) => (
            <td key={i}>{r[index.get(header) ?? -1] ?? ''}</td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * Reads the header row and the first few records of a CSV in the browser (quotes, doubled quotes, CRLF and a
 * byte-order mark), only to offer the columns and a preview; the API reads the whole file.
 */
export function readCsvStart(text: string, records = 4): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < source.length && out.length <= records; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell.trim());
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      row.push(cell.trim());
      if (row.some((c) => c !== '')) out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (out.length <= records && (cell !== '' || row.length > 0)) {
    row.push(cell.trim());
    out.push(row);
  }
  return out;
}

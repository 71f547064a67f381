import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useForm, type Path } from 'react-hook-form';
import type { Schemas } from '../../api/client';
import { $api } from '../../api/query';
import { errorOf, showProblemOnFields } from '../../forms/problem-fields';
import { isOneOf, personName, yearLabel } from '../../labels';
import { Link } from '../../router';
import { ErrorSummary, Field, Page } from '../../ui';

type Pupil = Schemas['PupilDetailDto'];
type Body = Schemas['UpdatePupilDto'];
type Year = NonNullable<Body['yearGroup']>;
type Gender = NonNullable<Body['gender']>;

const YEAR_CODES = ['N1', 'N2', 'R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'] as const satisfies readonly Year[];
const YEARS = Object.fromEntries(YEAR_CODES.map((y) => [y, yearLabel(y)])) as Record<Year, string>;
const GENDERS = { F: 'Female', M: 'Male' } satisfies Record<Gender, string>;

/** The fields this page shows; the record's others (passport, the young person's email and notices) are never sent. */
interface Form {
  legalFirstName: string;
  legalLastName: string;
  preferredFirstName: string;
  preferredLastName: string;
  upn: string;
  dateOfBirth: string;
  yearGroup: string;
  className: string;
  gender: string;
  admissionDate: string;
  leavingDate: string;
  fsmEligible: boolean;
  eal: boolean;
  lookedAfter: boolean;
}
const TEXT_FIELDS = [
  'legalFirstName',
  'legalLastName',
  'preferredFirstName',
  'preferredLastName',
  'upn',
  'dateOfBirth',
  'className',
  'admissionDate',
  'leavingDate',
] as const;
const FIELDS: readonly string[] = [...TEXT_FIELDS, 'yearGroup', 'gender', 'fsmEligible', 'eal', 'lookedAfter'];

const toForm = (p: Pupil): Form => ({
  legalFirstName: p.legalFirstName,
  legalLastName: p.legalLastName,
  preferredFirstName: p.preferredFirstName ?? '',
  preferredLastName: p.preferredLastName ?? '',
  upn: p.upn,
  dateOfBirth: p.dateOfBirth.slice(0, 10),
  yearGroup: p.yearGroup,
  className: p.className ?? '',
  gender: p.gender ?? '',
  admissionDate: p.admissionDate?.slice(0, 10) ?? '',
  leavingDate: p.leavingDate?.slice(0, 10) ?? '',
  fsmEligible: p.fsmEligible,
  eal: p.eal,
  lookedAfter: p.lookedAfter,
});

/**
 * Only what the SENCO changed, as the API's partial update takes it: a field the page does not show, or shows
 * unchanged, is left out, so the stored value stays as it is. An emptied optional field is sent as null.
 */
function changedBody(form: Form, before: Form): Body {
  const body: Body = {};
  const dirty = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v !== before[k as keyof Form]])) as Partial<Record<keyof Form, boolean>>;
  const text = (v: string) => (v.trim() === '' ? null : v.trim());
  if (dirty.legalFirstName) body.legalFirstName = form.legalFirstName.trim();
  if (dirty.legalLastName) body.legalLastName = form.legalLastName.trim();
  if (dirty.preferredFirstName) body.preferredFirstName = text(form.preferredFirstName);
  if (dirty.preferredLastName) body.preferredLastName = text(form.preferredLastName);
  if (dirty.upn) body.upn = form.upn.trim().toUpperCase();
  if (dirty.dateOfBirth) body.dateOfBirth = form.dateOfBirth;
  if (dirty.yearGroup && isOneOf(YEARS, form.yearGroup)) body.yearGroup = form.yearGroup;
  if (dirty.className) body.className = text(form.className);
  if (dirty.gender) body.gender = isOneOf(GENDERS, form.gender) ? form.gender : null;
  if (dirty.admissionDate) body.admissionDate = text(form.admissionDate);
  if (dirty.leavingDate) body.leavingDate = text(form.leavingDate);
  if (dirty.fsmEligible) body.fsmEligible = form.fsmEligible;
  if (dirty.eal) body.eal = form.eal;
  if (dirty.lookedAfter) body.lookedAfter = form.lookedAfter;
  return body;
}

/** The pupil's own details (names, UPN, year and class, census flags, dates on roll), loaded and saved in place. */
export function PupilDetailsPage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId ?? '';
  const pupilId = params.pupilId ?? '';
  const pupil = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}', { params: { path: { schoolId, pupilId } } });
  return (
    <Page title={pupil.data ? `Details of ${personName(pupil.data)}` : 'Pupil details'}>
      <p>
        <Link to={`/app/s/${schoolId}/pupils/${pupilId}`}>Back to the pupil’s record</Link>
      </p>
      <ErrorSummary error={errorOf(pupil.error)} />
      {pupil.data ? <DetailsForm schoolId={schoolId} pupilId={pupilId} initial={pupil.data} /> : !pupil.error && <p role="status">Loading…</p>}
    </Page>
  );
}

function DetailsForm({ schoolId, pupilId, initial }: { schoolId: string; pupilId: string; initial: Pupil }) {
  const queryClient = useQueryClient();
  const { register, handleSubmit, setError, formState } = useForm<Form>({ defaultValues: toForm(initial) });
  // What was last saved: a save sends the fields that differ from it (the record's others are never sent).
  const saved = useRef(toForm(initial));
  const save = $api.useMutation('patch', '/v1/schools/{schoolId}/pupils/{pupilId}', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/pupils/{pupilId}'] }),
  });
  const submit = handleSubmit((form) => {
    let refused = false;
    for (const [field, label] of [
      ['legalFirstName', 'Legal first name'],
      ['legalLastName', 'Legal last name'],
      ['upn', 'UPN'],
      ['dateOfBirth', 'Date of birth'],
    ] as const) {
      if (form[field].trim() === '') {
        setError(field, { type: 'page', message: `Enter the ${label.charAt(0).toLowerCase()}${label.slice(1)}` });
        refused = true;
      }
    }
    if (refused) return;
    save.mutate(
      { params: { path: { schoolId, pupilId } }, body: changedBody(form, saved.current) },
      {
        onSuccess: () => {
          saved.current = form;
        },
        onError: (error) => showProblemOnFields<Form>(error, setError, (field) => (FIELDS.includes(field) ? (field as Path<Form>) : null)),
      },
    );
  });
  const error = (f: keyof Form) => formState.errors[f]?.message;
  const input = (f: (typeof TEXT_FIELDS)[number], label: string, opts: { hint?: string; type?: 'date'; autoComplete?: string } = {}) => (
    <Field label={label} hint={opts.hint} error={error(f)}>
      {(id, describedBy) => (
        <input id={id} type={opts.type ?? 'text'} autoComplete={opts.autoComplete ?? 'off'} aria-describedby={describedBy} {...register(f)} />
      )}
    </Field>
  );
  const select = (f: 'yearGroup' | 'gender', label: string, options: Record<string, string>, empty?: string) => (
    <Field label={label} error={error(f)}>
      {(id, describedBy) => (
        <select id={id} aria-describedby={describedBy} {...register(f)}>
          {empty !== undefined && <option value="">{empty}</option>}
          {Object.entries(options).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const check = (f: 'fsmEligible' | 'eal' | 'lookedAfter', label: string) => (
    <label className="check">
      <input type="checkbox" {...register(f)} /> {label}
    </label>
  );
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary error={errorOf(save.error)} />
      <fieldset className="field-group">
        <legend>Name</legend>
        {input('legalFirstName', 'Legal first name')}
        {input('legalLastName', 'Legal last name')}
        {input('preferredFirstName', 'Preferred first name', { hint: 'Leave empty if the same as the legal name' })}
        {input('preferredLastName', 'Preferred last name', { hint: 'Leave empty if the same as the legal name' })}
      </fieldset>
      <fieldset className="field-group">
        <legend>School record</legend>
        {input('upn', 'UPN', { hint: 'Unique pupil number: 13 characters, starting with its check letter' })}
        {input('dateOfBirth', 'Date of birth', { type: 'date' })}
        {select('yearGroup', 'Year group', YEARS)}
        {input('className', 'Class', { hint: 'For example 3B' })}
        {select('gender', 'Gender', GENDERS, 'Not recorded')}
        {input('admissionDate', 'Admission date', { type: 'date' })}
        {input('leavingDate', 'Leaving date', { type: 'date', hint: 'The last day on roll; leave empty while the pupil is on roll' })}
      </fieldset>
      <fieldset className="field-group">
        <legend>For the census</legend>
        {check('fsmEligible', 'Eligible for free school meals')}
        {check('eal', 'English as an additional language')}
        {check('lookedAfter', 'Looked after')}
      </fieldset>
      <p>
        <button type="submit" className="button" disabled={save.isPending}>
          Save the pupil’s details
        </button>
      </p>
      {save.isSuccess && <p role="status">Saved.</p>}
    </form>
  );
}

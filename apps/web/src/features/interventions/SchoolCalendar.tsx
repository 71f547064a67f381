import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useFieldArray, useForm, type Path } from 'react-hook-form';
import type { Schemas } from '../../api/client';
import { $api } from '../../api/query';
import { errorOf, showProblemOnFields } from '../../forms/problem-fields';
import { academicYear, isOneOf } from '../../labels';
import { ErrorSummary, Field, Page, Select } from '../../ui';
import { SenBudgetForm } from './SenBudget';

type Calendar = Schemas['CalendarDto'];
type Kind = Schemas['ClosureDto']['kind'];
const KINDS = { half_term: 'Half term', inset: 'INSET day', bank_holiday: 'Bank holiday', closure: 'Other closure' } satisfies Record<Kind, string>;
interface Form {
  terms: { name: string; startsOn: string; endsOn: string }[];
  closures: { kind: string; name: string; startsOn: string; endsOn: string }[];
}
const toForm = (c: Calendar): Form => ({
  terms: c.terms.map((t) => ({ name: t.name, startsOn: t.startsOn.slice(0, 10), endsOn: t.endsOn.slice(0, 10) })),
  closures: c.closures.map((x) => ({ kind: x.kind, name: x.name ?? '', startsOn: x.startsOn.slice(0, 10), endsOn: x.endsOn.slice(0, 10) })),
});
const yearName = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`;

/**
 * Setting up the school year (docs/interventions.md): the terms and the days the school is closed, which the
 * group timetables follow (the API adds or removes planned sessions and says how many), and the notional SEN
 * budget the provision map costs against. The calendar is saved whole: every term and closure is on the page.
 */
export function SchoolCalendarPage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId ?? '';
  const [year, setYear] = useState(academicYear());
  const calendar = $api.useQuery('get', '/v1/schools/{schoolId}/calendar/{academicYear}', { params: { path: { schoolId, academicYear: year } } });
  const years = Object.fromEntries([academicYear() - 1, academicYear(), academicYear() + 1].map((y) => [String(y), yearName(y)]));
  return (
    <Page title="The school year">
      <Select label="Academic year" value={String(year)} onChange={(v) => setYear(Number(v))} options={years} />
      <ErrorSummary error={errorOf(calendar.error)} />
      {calendar.data ? <CalendarForm key={year} schoolId={schoolId} year={year} initial={calendar.data} /> : !calendar.error && <p role="status">Loading…</p>}
      <SenBudgetForm key={`budget-${year}`} schoolId={schoolId} year={year} yearName={yearName(year)} />
    </Page>
  );
}

function CalendarForm({ schoolId, year, initial }: { schoolId: string; year: number; initial: Calendar }) {
  const queryClient = useQueryClient();
  const { register, control, handleSubmit, setError, getFieldState, formState } = useForm<Form>({ defaultValues: toForm(initial) });
  const terms = useFieldArray({ control, name: 'terms' });
  const closures = useFieldArray({ control, name: 'closures' });
  const save = $api.useMutation('put', '/v1/schools/{schoolId}/calendar/{academicYear}', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/calendar/{academicYear}'] }),
  });
  const submit = handleSubmit((form) => {
    const body: Schemas['CalendarInputDto'] = { terms: form.terms, closures: [] };
    let refused = false;
    form.closures.forEach((c, i) => {
      if (isOneOf(KINDS, c.kind)) body.closures.push({ kind: c.kind, name: c.name.trim() || null, startsOn: c.startsOn, endsOn: c.endsOn });
      else {
        refused = true;
        setError(`closures.${i}.kind`, { type: 'page', message: 'Choose what kind of closure it is' });
      }
    });
    if (refused) return;
    save.mutate(
      { params: { path: { schoolId, academicYear: year } }, body },
      {
        onError: (error) =>
          showProblemOnFields<Form>(error, setError, (field) =>
            /^(terms|closures)\.\d+\.(name|kind|startsOn|endsOn)$/.test(field) ? (field as Path<Form>) : null,
          ),
      },
    );
  });
  const err = (path: Path<Form>) => getFieldState(path, formState).error?.message;
  const input = (path: Path<Form>, label: string, type: 'text' | 'date') => (
    <Field label={label} error={err(path)}>
      {(id, describedBy) => <input id={id} type={type} aria-describedby={describedBy} {...register(path)} />}
    </Field>
  );
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary error={errorOf(save.error)} />
      <h2>Terms</h2>
      {terms.fields.length === 0 && <p>No terms yet for this year.</p>}
      {terms.fields.map((f, i) => (
        <fieldset key={f.id} className="field-group">
          <legend>Term {i + 1}</legend>
          {input(`terms.${i}.name`, 'Name', 'text')}
          {input(`terms.${i}.startsOn`, 'First day', 'date')}
          {input(`terms.${i}.endsOn`, 'Last day', 'date')}
          <button type="button" className="button secondary" onClick={() => terms.remove(i)}>
            Remove term {i + 1}
          </button>
        </fieldset>
      ))}
      <p>
        <button type="button" className="button secondary" onClick={() => terms.append({ name: '', startsOn: '', endsOn: '' })}>
          Add a term
        </button>
      </p>
      <h2>Closures</h2>
      {closures.fields.length === 0 && <p>No closures yet for this year.</p>}
      {closures.fields.map((f, i) => (
        <fieldset key={f.id} className="field-group">
          <legend>Closure {i + 1}</legend>
          <Field label="Kind" error={err(`closures.${i}.kind`)}>
            {(id, describedBy) => (
              <select id={id} aria-describedby={describedBy} {...register(`closures.${i}.kind`)}>
                {Object.entries(KINDS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {input(`closures.${i}.name`, 'Name (optional)', 'text')}
          {input(`closures.${i}.startsOn`, 'First day closed', 'date')}
          {input(`closures.${i}.endsOn`, 'Last day closed', 'date')}
          <button type="button" className="button secondary" onClick={() => closures.remove(i)}>
            Remove closure {i + 1}
          </button>
        </fieldset>
      ))}
      <p>
        <button type="button" className="button secondary" onClick={() => closures.append({ kind: 'inset', name: '', startsOn: '', endsOn: '' })}>
          Add a closure
        </button>{' '}
        <button type="submit" className="button" disabled={save.isPending}>
          Save the calendar
        </button>
      </p>
      {save.data && (
        <p role="status">
          Saved. {save.data.sessionsChanged === 1 ? '1 planned session' : `${save.data.sessionsChanged} planned sessions`} changed to follow the calendar.
        </p>
      )}
    </form>
  );
}

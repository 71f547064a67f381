import { useForm } from 'react-hook-form';
import type { Schemas } from '../../api/client';
import { errorOf, showProblemOnFields } from '../../forms/problem-fields';
import { AREAS, PERIODS, STAFF_ROLES } from '../../labels';
import { ErrorSummary, Field } from '../../ui';
import { API_FIELD, programmeBody, type ProgrammeField, type ProgrammeForm as Form } from './catalogue-form';

type Body = Schemas['InterventionInputDto'];
const FIELDS = Object.keys(API_FIELD) as ProgrammeField[];
/** The form's field for the API's field name, or null for one the form does not show. */
const fieldOf = (api: string): ProgrammeField | null => FIELDS.find((f) => API_FIELD[f] === api) ?? null;

/**
 * A programme of the intervention catalogue: its name, the area of need it meets, how often and how long, who
 * delivers it and what it costs (the provision map costs groups with these). Used to add a programme and to
 * edit one; `save` gets the API body and reports the API's refusal back as a rejected promise.
 */
export function ProgrammeForm(props: { initial: Form; submitLabel: string; pending: boolean; error: unknown; save: (body: Body) => Promise<unknown> }) {
  const { register, handleSubmit, setError, formState } = useForm<Form>({ defaultValues: props.initial });
  const submit = handleSubmit(async (form) => {
    const { body, refused } = programmeBody(form);
    if (refused.length > 0) {
      for (const [field, message] of refused) setError(field, { type: 'page', message });
      return;
    }
    try {
      await props.save(body);
    } catch (error) {
      showProblemOnFields<Form>(error, setError, fieldOf);
    }
  });
  const err = (f: ProgrammeField) => formState.errors[f]?.message;
  const input = (f: ProgrammeField, label: string, hint?: string, inputMode?: 'numeric' | 'decimal') => (
    <Field label={label} hint={hint} error={err(f)}>
      {(id, describedBy) => <input id={id} type="text" inputMode={inputMode} aria-describedby={describedBy} {...register(f)} />}
    </Field>
  );
  const choice = (f: ProgrammeField, label: string, options: Record<string, string>, empty: string) => (
    <Field label={label} error={err(f)}>
      {(id, describedBy) => (
        <select id={id} aria-describedby={describedBy} {...register(f)}>
          <option value="">{empty}</option>
          {Object.entries(options).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const area = (f: ProgrammeField, label: string, hint?: string) => (
    <Field label={label} hint={hint} error={err(f)}>
      {(id, describedBy) => <textarea id={id} rows={3} aria-describedby={describedBy} {...register(f)} />}
    </Field>
  );
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary error={errorOf(props.error)} />
      {input('name', 'Programme name')}
      {choice('areaOfNeed', 'Area of need it meets', AREAS, 'Any area')}
      {area('description', 'What it is (optional)')}
      <fieldset className="field-group">
        <legend>How often</legend>
        {input('frequencyCount', 'How many sessions', 'For example 3', 'numeric')}
        {choice('frequencyPeriod', 'In', PERIODS, 'Not set')}
        {input('sessionMinutes', 'Minutes a session', undefined, 'numeric')}
        {input('groupSize', 'Pupils in a group', undefined, 'numeric')}
      </fieldset>
      {choice('deliveringRole', 'Usually delivered by', STAFF_ROLES, 'Not set')}
      {input('staffCostPerHour', 'Staff cost an hour, in pounds (optional)', 'What the provision map costs each hour of delivery at', 'decimal')}
      {input('resourceCost', 'Resource cost a group, in pounds (optional)', 'Books, licences or kits for one group run', 'decimal')}
      {input('suggestedMeasure', 'How progress is measured (optional)', 'For example: reading age in months')}
      {area('evidenceNotes', 'Evidence it works (optional)', 'For example the Education Endowment Foundation’s rating')}
      <p>
        <button type="submit" className="button" disabled={props.pending}>
          {props.submitLabel}
        </button>
      </p>
    </form>
  );
}

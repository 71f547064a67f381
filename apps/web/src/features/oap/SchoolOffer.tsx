import { useQueryClient } from '@tanstack/react-query';
import { useFieldArray, useForm, type Path } from 'react-hook-form';
import type { Schemas } from '../../api/client';
import { $api } from '../../api/query';
import { errorOf, rowField, showProblemOnFields } from '../../forms/problem-fields';
import { AREA, PERIOD, isOneOf } from '../../labels';
import { ErrorSummary, Field, Page, rolesIn, useMe } from '../../ui';

type Expectation = Schemas['OapExpectationDto'];
type Body = Schemas['OapExpectationFileDto'];
type Area = Body['areaOfNeed'];
type Period = NonNullable<Body['frequencyPeriod']>;

const AREAS = {
  communication_and_interaction: AREA.communication_and_interaction ?? 'Communication and interaction',
  cognition_and_learning: AREA.cognition_and_learning ?? 'Cognition and learning',
  social_emotional_mental_health: AREA.social_emotional_mental_health ?? 'Social, emotional and mental health',
  sensory_and_physical: AREA.sensory_and_physical ?? 'Sensory and/or physical',
} satisfies Record<Area, string>;
const PERIODS = {
  day: PERIOD.day ?? 'day',
  week: PERIOD.week ?? 'week',
  fortnight: PERIOD.fortnight ?? 'fortnight',
  month: PERIOD.month ?? 'month',
  half_term: PERIOD.half_term ?? 'half term',
  term: PERIOD.term ?? 'term',
} satisfies Record<Period, string>;
const EVIDENCE = { adjustment: 'An adjustment in class', intervention: 'An intervention' } satisfies Record<Body['evidence'], string>;
interface Row {
  code: string;
  areaOfNeed: string;
  text: string;
  evidence: string;
  interventionKind: string;
  frequencyCount: string;
  frequencyPeriod: string;
}
type Form = { rows: Row[] };

const EDITABLE = ['code', 'areaOfNeed', 'text', 'evidence', 'interventionKind', 'frequencyCount', 'frequencyPeriod'];
const blank: Row = { code: '', areaOfNeed: '', text: '', evidence: 'adjustment', interventionKind: '', frequencyCount: '', frequencyPeriod: '' };
const toRow = (e: Expectation): Row => ({
  code: e.code,
  areaOfNeed: e.areaOfNeed,
  text: e.text,
  evidence: e.evidence,
  interventionKind: e.interventionKind ?? '',
  frequencyCount: e.frequencyCount === null ? '' : String(e.frequencyCount),
  frequencyPeriod: e.frequencyPeriod ?? '',
});
/** The row as the API takes it, or the fields the page refuses first (a choice not made), named by their label. */
function toBody(r: Row): Body | { field: keyof Row; message: string }[] {
  const refused: { field: keyof Row; message: string }[] = [];
  if (!isOneOf(AREAS, r.areaOfNeed)) refused.push({ field: 'areaOfNeed', message: 'Choose the area of need' });
  if (!isOneOf(EVIDENCE, r.evidence)) refused.push({ field: 'evidence', message: 'Choose how it is seen' });
  const intervention = r.evidence === 'intervention';
  const period = intervention && r.frequencyPeriod !== '' ? r.frequencyPeriod : null;
  if (period !== null && !isOneOf(PERIODS, period)) refused.push({ field: 'frequencyPeriod', message: 'Choose a period' });
  const count = intervention && r.frequencyCount.trim() !== '' ? Number(r.frequencyCount) : null;
  if (count !== null && !Number.isInteger(count)) refused.push({ field: 'frequencyCount', message: 'Sessions must be a whole number' });
  if (refused.length > 0 || !isOneOf(AREAS, r.areaOfNeed) || !isOneOf(EVIDENCE, r.evidence) || (period !== null && !isOneOf(PERIODS, period))) return refused;
  return {
    code: r.code,
    areaOfNeed: r.areaOfNeed,
    text: r.text,
    evidence: r.evidence,
    interventionKind: intervention ? r.interventionKind || null : null,
    frequencyCount: count,
    frequencyPeriod: period,
  };
}

/**
 * The school's own whole-school offer beside the local authority's framework (docs/oap.md): the SENCO keeps a
 * list of what the school provides ordinarily, saved whole (every row is on the page, so none is dropped). The
 * API checks each row as it checks a framework file's, and its errors show beside the row's field.
 */
export function SchoolOfferPage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId ?? '';
  const { me } = useMe();
  const writes = rolesIn(me, schoolId).some((r) => r === 'senco' || r === 'head');
  const offer = $api.useQuery('get', '/v1/schools/{schoolId}/oap-offer', { params: { path: { schoolId } } });
  return (
    <Page title="The school’s own offer" wide>
      <p>
        What the school provides ordinarily for every pupil who needs it, beside what the local authority expects. Each pupil’s comparison shows these after the
        authority’s, evidenced the same way: a plan line or an intervention of the kind named, or an adjustment in class.
      </p>
      <ErrorSummary error={errorOf(offer.error)} />
      {offer.data ? <OfferForm schoolId={schoolId} initial={offer.data.expectations} writes={writes} /> : !offer.error && <p role="status">Loading…</p>}
    </Page>
  );
}

function OfferForm({ schoolId, initial, writes }: { schoolId: string; initial: Expectation[]; writes: boolean }) {
  const queryClient = useQueryClient();
  const { register, control, handleSubmit, setError, watch, formState } = useForm<Form>({ defaultValues: { rows: initial.map(toRow) } });
  const { fields, append, remove } = useFieldArray({ control, name: 'rows' });
  const save = $api.useMutation('put', '/v1/schools/{schoolId}/oap-offer', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/oap-offer'] }),
  });
  const submit = handleSubmit((form) => {
    const bodies = form.rows.map(toBody);
    let refused = false;
    bodies.forEach((b, i) => {
      if (!Array.isArray(b)) return;
      refused = true;
      for (const r of b) setError(`rows.${i}.${r.field}`, { type: 'page', message: r.message });
    });
    const expectations = bodies.filter((b): b is Body => !Array.isArray(b));
    if (refused) return;
    save.mutate(
      { params: { path: { schoolId } }, body: { expectations } },
      {
        onError: (error) =>
          showProblemOnFields<Form>(error, setError, (field) => {
            const at = rowField(field);
            return at && EDITABLE.includes(at[1]) ? (`rows.${at[0]}.${at[1]}` as Path<Form>) : null;
          }),
      },
    );
  });
  const rowError = (i: number, key: keyof Row) => formState.errors.rows?.[i]?.[key]?.message;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary error={errorOf(save.error)} />
      {fields.length === 0 && <p>The school has added nothing of its own yet.</p>}
      {fields.map((field, i) => (
        <fieldset key={field.id} className="field-group" disabled={!writes}>
          <legend>Expectation {i + 1}</legend>
          <Input label="Code" error={rowError(i, 'code')} hint="Short and unique, e.g. OWN-1" {...register(`rows.${i}.code`)} />
          <div className={rowError(i, 'areaOfNeed') ? 'field field-error' : 'field'}>
            <label htmlFor={`offer-${field.id}-area`}>Area of need</label>
            {rowError(i, 'areaOfNeed') && <p className="error-message">{rowError(i, 'areaOfNeed')}</p>}
            <select id={`offer-${field.id}-area`} {...register(`rows.${i}.areaOfNeed`)}>
              <option value="">Choose</option>
              {Object.entries(AREAS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <Input label="What the school provides" error={rowError(i, 'text')} {...register(`rows.${i}.text`)} />
          <div className="field">
            <label htmlFor={`offer-${field.id}-evidence`}>How it is seen</label>
            <select id={`offer-${field.id}-evidence`} {...register(`rows.${i}.evidence`)}>
              <option value="adjustment">An adjustment in class</option>
              <option value="intervention">An intervention</option>
            </select>
          </div>
          {watch(`rows.${i}.evidence`) === 'intervention' && (
            <>
              <Input
                label="Kind of intervention"
                error={rowError(i, 'interventionKind')}
                hint="Found in plan lines and intervention names"
                {...register(`rows.${i}.interventionKind`)}
              />
              <Input label="Sessions (how many)" error={rowError(i, 'frequencyCount')} inputMode="numeric" {...register(`rows.${i}.frequencyCount`)} />
              <div className="field">
                <label htmlFor={`offer-${field.id}-period`}>Sessions per</label>
                <select id={`offer-${field.id}-period`} {...register(`rows.${i}.frequencyPeriod`)}>
                  <option value="">Not set</option>
                  {Object.entries(PERIODS).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
            </>
          )}
          {writes && (
            <button type="button" className="button secondary" onClick={() => remove(i)}>
              Remove expectation {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      {writes && (
        <p>
          <button type="button" className="button secondary" onClick={() => append({ ...blank })}>
            Add an expectation
          </button>{' '}
          <button type="submit" className="button" disabled={save.isPending}>
            Save the school’s offer
          </button>
        </p>
      )}
      {save.isSuccess && <p role="status">Saved.</p>}
    </form>
  );
}

/** A text input registered with the form, in the shared field (its label, hint and the API's error beside it). */
function Input({
  label,
  hint,
  error,
  inputMode,
  ...field
}: ReturnType<ReturnType<typeof useForm<Form>>['register']> & { label: string; hint?: string; error?: string; inputMode?: 'numeric' }) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy) => <input id={id} type="text" inputMode={inputMode} aria-describedby={describedBy} {...field} />}
    </Field>
  );
}

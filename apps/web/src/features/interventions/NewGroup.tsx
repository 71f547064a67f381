import { useQueryClient } from '@tanstack/react-query';
import { useFieldArray, useForm, type Path } from 'react-hook-form';
import type { Schemas } from '../../api/client';
import { $api } from '../../api/query';
import { errorOf, showProblemOnFields } from '../../forms/problem-fields';
import { todayIso } from '../../labels';
import { Link, navigate } from '../../router';
import { ErrorSummary, Field, Loading, Page } from '../../ui';

const WEEKDAYS = { 1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday' } as const;
type Weekday = Schemas['SlotDto']['weekday'];
const isWeekday = (n: number): n is Weekday => Object.hasOwn(WEEKDAYS, n);

interface Form {
  interventionId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  location: string;
  staffUserIds: string[];
  schedule: { weekday: string; startTime: string; minutes: string }[];
}
const NESTED = /^schedule\.\d+\.(weekday|startTime|minutes)$/;
const TOP = ['interventionId', 'name', 'startsOn', 'endsOn', 'location', 'staffUserIds', 'schedule'] as const;
const pathOf = (field: string): Path<Form> | null => (NESTED.test(field) ? (field as Path<Form>) : (TOP.find((f) => f === field) ?? null));

/**
 * Setting up an intervention group (docs/interventions.md): a programme from the catalogue, its dates, the staff
 * who run it (chosen from the staff directory: they see it in their week and record its sessions) and its weekly
 * timetable, from which the API plans every session the school calendar leaves open. Pupils are added on the
 * group's page.
 */
export function NewGroupPage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId ?? '';
  const catalogue = $api.useQuery('get', '/v1/schools/{schoolId}/interventions', { params: { path: { schoolId } } });
  const staff = $api.useQuery('get', '/v1/schools/{schoolId}/staff-directory', { params: { path: { schoolId }, query: { status: 'active' } } });
  return (
    <Page title="Set up an intervention group">
      <p>
        <Link to={`/app/s/${schoolId}/interventions`}>Back to intervention groups</Link>
      </p>
      <Loading state={catalogue}>
        {(programmes) =>
          programmes.length === 0 ? (
            <p>
              The intervention catalogue is empty. <Link to={`/app/s/${schoolId}/intervention-catalogue`}>Add programmes to the catalogue</Link> first.
            </p>
          ) : (
            <Loading state={staff}>{(directory) => <GroupForm schoolId={schoolId} programmes={programmes} staff={directory.staff} />}</Loading>
          )
        }
      </Loading>
    </Page>
  );
}

function GroupForm(props: { schoolId: string; programmes: Schemas['InterventionDto'][]; staff: Schemas['StaffMemberDto'][] }) {
  const { schoolId } = props;
  const queryClient = useQueryClient();
  // Named with their email too: two staff may share a name.
  const people = props.staff.flatMap((s) => (s.userId ? [{ userId: s.userId, name: s.displayName ? `${s.displayName} (${s.email})` : s.email }] : []));
  const { register, control, handleSubmit, setError, getFieldState, formState } = useForm<Form>({
    defaultValues: { interventionId: '', name: '', startsOn: todayIso(), endsOn: '', location: '', staffUserIds: [], schedule: [] },
  });
  const slots = useFieldArray({ control, name: 'schedule' });
  const create = $api.useMutation('post', '/v1/schools/{schoolId}/intervention-groups', {
    onSuccess: async (group) => {
      await queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/intervention-groups'] });
      await queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/provision-map'] });
      await queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/staff-directory'] });
      navigate(`/app/s/${schoolId}/interventions/${group.id}`);
    },
  });
  const submit = handleSubmit((form) => {
    let refused = false;
    const refuse = (path: Path<Form>, message: string) => {
      refused = true;
      setError(path, { type: 'page', message });
    };
    if (form.interventionId === '') refuse('interventionId', 'Choose the programme the group runs');
    if (form.name.trim() === '') refuse('name', 'Enter a name for the group');
    if (form.endsOn === '') refuse('endsOn', 'Enter the last day the group runs');
    const schedule: Schemas['SlotDto'][] = [];
    form.schedule.forEach((s, i) => {
      const weekday = Number(s.weekday);
      const minutes = s.minutes.trim();
      if (!isWeekday(weekday)) refuse(`schedule.${i}.weekday`, 'Choose the day');
      if (!/^\d+$/.test(minutes) || Number(minutes) < 1) refuse(`schedule.${i}.minutes`, 'Minutes must be a whole number, 1 or more');
      if (isWeekday(weekday)) schedule.push({ weekday, startTime: s.startTime, minutes: Number(minutes) });
    });
    if (refused) return;
    const body: Schemas['GroupInputDto'] = {
      interventionId: form.interventionId,
      name: form.name.trim(),
      startsOn: form.startsOn,
      endsOn: form.endsOn,
      location: form.location.trim() || null,
      staffUserIds: form.staffUserIds,
      schedule,
    };
    create.mutate({ params: { path: { schoolId } }, body }, { onError: (error) => showProblemOnFields<Form>(error, setError, pathOf) });
  });
  const err = (path: Path<Form>) => getFieldState(path, formState).error?.message;
  const input = (path: Path<Form>, label: string, type: 'text' | 'date' | 'time', hint?: string) => (
    <Field label={label} hint={hint} error={err(path)}>
      {(id, describedBy) => <input id={id} type={type} aria-describedby={describedBy} {...register(path)} />}
    </Field>
  );
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary error={errorOf(create.error)} />
      <Field label="Programme" error={err('interventionId')}>
        {(id, describedBy) => (
          <select id={id} aria-describedby={describedBy} {...register('interventionId')}>
            <option value="">Choose a programme</option>
            {props.programmes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {input('name', 'Group name', 'text', 'For example: Catch Up Literacy, Year 4')}
      {input('startsOn', 'First day', 'date')}
      {input('endsOn', 'Last day', 'date')}
      {input('location', 'Where it meets (optional)', 'text')}
      <fieldset className="field-group" aria-describedby="staff-hint">
        <legend>Staff who run it</legend>
        <p className="hint" id="staff-hint">
          They see the group in their week and record its sessions.
        </p>
        {err('staffUserIds') && <p className="error-message">{err('staffUserIds')}</p>}
        {people.length === 0 && <p>No one on the staff has accepted their invitation yet.</p>}
        {people.map((p) => (
          <label key={p.userId} className="check">
            <input type="checkbox" value={p.userId} {...register('staffUserIds')} /> {p.name}
          </label>
        ))}
      </fieldset>
      <h2>Timetable</h2>
      {slots.fields.length === 0 && <p>No sessions in the week yet: add the first.</p>}
      {slots.fields.map((f, i) => (
        <fieldset key={f.id} className="field-group">
          <legend>Session {i + 1}</legend>
          <Field label="Day" error={err(`schedule.${i}.weekday`)}>
            {(id, describedBy) => (
              <select id={id} aria-describedby={describedBy} {...register(`schedule.${i}.weekday`)}>
                {Object.entries(WEEKDAYS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {input(`schedule.${i}.startTime`, 'Starts at', 'time')}
          <Field label="Minutes" error={err(`schedule.${i}.minutes`)}>
            {(id, describedBy) => <input id={id} type="text" inputMode="numeric" aria-describedby={describedBy} {...register(`schedule.${i}.minutes`)} />}
          </Field>
          <button type="button" className="button secondary" onClick={() => slots.remove(i)}>
            Remove session {i + 1}
          </button>
        </fieldset>
      ))}
      <p>
        <button type="button" className="button secondary" onClick={() => slots.append({ weekday: '1', startTime: '09:00', minutes: '30' })}>
          Add a session in the week
        </button>{' '}
        <button type="submit" className="button" disabled={create.isPending}>
          Set up the group
        </button>
      </p>
    </form>
  );
}

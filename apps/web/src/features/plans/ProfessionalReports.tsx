import { useQueryClient } from '@tanstack/react-query';
import { useForm, type Path } from 'react-hook-form';
import type { Schemas } from '../../api/client';
import { $api } from '../../api/query';
import { errorOf, showProblemOnFields } from '../../forms/problem-fields';
import { isOneOf, longDate, todayIso } from '../../labels';
import { Link } from '../../router';
import { ErrorSummary, Field, Page } from '../../ui';

type Profession = Schemas['ProfessionalReportInputDto']['profession'];
const PROFESSIONS = {
  educational_psychologist: 'Educational psychologist',
  speech_and_language_therapist: 'Speech and language therapist',
  occupational_therapist: 'Occupational therapist',
  physiotherapist: 'Physiotherapist',
  camhs: 'CAMHS',
  mental_health_practitioner: 'Mental health practitioner',
  autism_outreach: 'Autism outreach',
  specialist_teacher: 'Specialist teacher',
  school_nurse: 'School nurse',
  paediatrician: 'Paediatrician',
  other: 'Other professional',
} satisfies Record<Profession, string>;
interface Form {
  profession: string;
  professionalName: string;
  organisation: string;
  reportDate: string;
  summary: string;
  recommendations: string;
}
const FIELDS: readonly string[] = ['profession', 'professionalName', 'organisation', 'reportDate', 'summary', 'recommendations'];
const blank: Form = {
  profession: 'educational_psychologist',
  professionalName: '',
  organisation: '',
  reportDate: todayIso(),
  summary: '',
  recommendations: '',
};

/**
 * Reports from outside professionals on a pupil, recorded by the school: who wrote it, when, what it found and
 * what it recommends, which the next plan should answer. (A report a professional sends back through a shared
 * link arrives on the pupil page's sharing section instead.)
 */
export function ProfessionalReportsPage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId ?? '';
  const pupilId = params.pupilId ?? '';
  const reports = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/professional-reports', { params: { path: { schoolId, pupilId } } });
  return (
    <Page title="Professional reports">
      <p>
        <Link to={`/app/s/${schoolId}/pupils/${pupilId}`}>Back to the pupil’s record</Link>
      </p>
      <ErrorSummary error={errorOf(reports.error)} />
      {reports.data?.length === 0 && <p>No professional report has been recorded for this pupil.</p>}
      {reports.data?.map((r) => (
        <section key={r.id} className="panel" aria-label={`${PROFESSIONS[r.profession]}, ${longDate(r.reportDate)}`}>
          <h2>
            {PROFESSIONS[r.profession]}: {r.professionalName}
            {r.organisation ? `, ${r.organisation}` : ''}
          </h2>
          <p className="hint">Report of {longDate(r.reportDate)}</p>
          <h3>What it found</h3>
          <p className="prewrap">{r.summary}</p>
          {r.recommendations && (
            <>
              <h3>What it recommends</h3>
              <p className="prewrap">{r.recommendations}</p>
            </>
          )}
        </section>
      ))}
      <RecordReport schoolId={schoolId} pupilId={pupilId} />
    </Page>
  );
}

function RecordReport({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const queryClient = useQueryClient();
  const { register, handleSubmit, setError, reset, getFieldState, formState } = useForm<Form>({ defaultValues: blank });
  const save = $api.useMutation('post', '/v1/schools/{schoolId}/pupils/{pupilId}/professional-reports', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/pupils/{pupilId}/professional-reports'] }),
  });
  const submit = handleSubmit((form) => {
    if (!isOneOf(PROFESSIONS, form.profession)) return setError('profession', { type: 'page', message: 'Choose the profession' });
    const body = {
      profession: form.profession,
      professionalName: form.professionalName.trim(),
      organisation: form.organisation.trim() || null,
      reportDate: form.reportDate,
      summary: form.summary.trim(),
      recommendations: form.recommendations.trim() || null,
    };
    save.mutate(
      { params: { path: { schoolId, pupilId } }, body },
      {
        onSuccess: () => reset(blank),
        onError: (error) => showProblemOnFields<Form>(error, setError, (field) => (FIELDS.includes(field) ? (field as Path<Form>) : null)),
      },
    );
  });
  const err = (f: keyof Form) => getFieldState(f, formState).error?.message;
  const text = (f: 'professionalName' | 'organisation' | 'reportDate', label: string, type: 'text' | 'date' = 'text') => (
    <Field label={label} error={err(f)}>
      {(id, describedBy) => <input id={id} type={type} aria-describedby={describedBy} {...register(f)} />}
    </Field>
  );
  const area = (f: 'summary' | 'recommendations', label: string) => (
    <Field label={label} error={err(f)}>
      {(id, describedBy) => <textarea id={id} rows={5} aria-describedby={describedBy} {...register(f)} />}
    </Field>
  );
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="record-report-h">
      <h2 id="record-report-h">Record a report</h2>
      <ErrorSummary error={errorOf(save.error)} />
      <Field label="Profession" error={err('profession')}>
        {(id, describedBy) => (
          <select id={id} aria-describedby={describedBy} {...register('profession')}>
            {Object.entries(PROFESSIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {text('professionalName', 'Name of the professional')}
      {text('organisation', 'Organisation (optional)')}
      {text('reportDate', 'Date of the report', 'date')}
      {area('summary', 'What it found')}
      {area('recommendations', 'What it recommends (optional)')}
      <p>
        <button type="submit" className="button" disabled={save.isPending}>
          Record the report
        </button>
      </p>
      {save.isSuccess && <p role="status">Recorded.</p>}
    </form>
  );
}

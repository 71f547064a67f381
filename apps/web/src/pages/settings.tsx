import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { $api, SEEDS_A_FORM } from '../api/query';
import { ErrorSummary, Loading, Page, TextField, useAction } from '../ui';
import { settingsChanges, settingsForm } from './settings-form';

/** The school's settings the SENCO and head look after: the review interval and what parents' messages say. */
export function Settings({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  const state = $api.useQuery('get', '/v1/schools/{schoolId}', { params: { path: { schoolId } } }, SEEDS_A_FORM);
  return (
    <Page title="School settings">
      <Loading state={state}>{(school) => <SettingsForm school={school} />}</Loading>
    </Page>
  );
}

function SettingsForm({ school }: { school: Schemas['SchoolDto'] }) {
  const [form, setForm] = useState(() => settingsForm(school));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const queryClient = useQueryClient();
  const set = (key: keyof typeof form) => (value: string) => {
    setSaved(false);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      // Only what changed is sent: the PATCH keeps every other setting as it is.
      must(await api.PATCH('/v1/schools/{schoolId}/settings', { params: { path: { schoolId: school.id } }, body: settingsChanges(school, form) }));
      // The settings feed what many pages derive (the red flags, who parents' messages name): every read is
      // refreshed. This form keeps what it shows (its state is seeded once).
      await queryClient.invalidateQueries();
      setSaved(true);
    });
  };
  return (
    <form onSubmit={submit}>
      <ErrorSummary error={error} />
      {saved && (
        <div className="notice success" role="status">
          Settings saved.
        </div>
      )}
      <fieldset>
        <legend>Reviews</legend>
        <TextField
          label="Weeks from a plan starting to its review"
          hint="6 to 12 weeks: at least once a term."
          inputMode="numeric"
          value={form.reviewIntervalWeeks}
          onChange={set('reviewIntervalWeeks')}
        />
        <TextField
          label="Remind parents and teachers this many days before a review"
          hint="Up to three numbers, e.g. 14, 3"
          value={form.reminderLeadDays}
          onChange={set('reminderLeadDays')}
        />
      </fieldset>
      <fieldset>
        <legend>In messages to parents</legend>
        <TextField label="SENCO's name" value={form.sencoName} onChange={set('sencoName')} />
        <TextField label="SENCO's email" type="email" value={form.sencoEmail} onChange={set('sencoEmail')} />
        <TextField label="SENCO's phone" type="tel" value={form.sencoPhone} onChange={set('sencoPhone')} />
        <TextField label="Email signature" hint='For example "Mrs A Example, SENCO"' value={form.emailSignature} onChange={set('emailSignature')} />
        <TextField label="Local SENDIASS (information, advice and support service)" value={form.sendiassName} onChange={set('sendiassName')} />
        <TextField label="SENDIASS phone" type="tel" value={form.sendiassPhone} onChange={set('sendiassPhone')} />
        <TextField label="SENDIASS website" type="url" value={form.sendiassUrl} onChange={set('sendiassUrl')} />
      </fieldset>
      <button type="submit" className="button" disabled={busy}>
        Save settings
      </button>
    </form>
  );
}

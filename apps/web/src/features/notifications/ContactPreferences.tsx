import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../../api/client';
import { $api, SEEDS_A_FORM } from '../../api/query';
import { preferencesBody } from '../../pages/groups-form';
import { ErrorSummary, Loading, Page, rolesIn, useAction, useMe } from '../../ui';

/**
 * Someone's own channels at the school (README.md, Notifications). A parent chooses email and the in-app messages
 * for what the law does not require (the formal SEN Support notice always goes). Staff choose whether reminders
 * (a review coming up or overdue) also come by email: the inbox always has them, and the EHC statutory clocks
 * come by both. The API asks as staff anyone with a staff role at the school.
 */
export function ContactPreferencesPage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId ?? '';
  const staff = rolesIn(useMe().me, schoolId).some((r) => r === 'teacher' || r === 'senco' || r === 'head');
  const state = $api.useQuery('get', '/v1/schools/{schoolId}/notification-preferences', { params: { path: { schoolId } } }, SEEDS_A_FORM);
  return (
    <Page title={staff ? 'Your notification settings' : 'How the school contacts you'}>
      <Loading state={state}>{(prefs) => <PreferencesForm schoolId={schoolId} prefs={prefs} staff={staff} />}</Loading>
    </Page>
  );
}

function PreferencesForm({ schoolId, prefs, staff }: { schoolId: string; prefs: Schemas['PreferencesDto']; staff: boolean }) {
  const [email, setEmail] = useState(prefs.email);
  const [inApp, setInApp] = useState(prefs.inApp);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      // Staff send only the email choice: the inbox is not theirs to turn off.
      const body = staff ? { email } : preferencesBody({ email, inApp });
      must(await api.PUT('/v1/schools/{schoolId}/notification-preferences', { params: { path: { schoolId } }, body }));
      setSaved(true);
    });
  };
  return (
    <form onSubmit={submit}>
      <ErrorSummary error={error} />
      {saved && (
        <div className="notice success" role="status">
          Your choices are saved.
        </div>
      )}
      {staff ? (
        <>
          <fieldset>
            <legend>Reminders about reviews (one coming up, or overdue)</legend>
            <label className="check">
              <input type="checkbox" checked={email} onChange={(e) => setEmail(e.target.checked)} /> Also send them by email
            </label>
          </fieldset>
          <p className="hint">
            They always reach your inbox in SEN Manager. The statutory deadlines of EHC needs assessments and annual reviews come by email and to your inbox
            whatever you choose here.
          </p>
        </>
      ) : (
        <>
          <fieldset>
            <legend>Send me messages about plans and reviews</legend>
            <label className="check">
              <input type="checkbox" checked={email} onChange={(e) => setEmail(e.target.checked)} /> By email
            </label>
            <label className="check">
              <input type="checkbox" checked={inApp} onChange={(e) => setInApp(e.target.checked)} /> In SEN Manager (Messages)
            </label>
          </fieldset>
          <p className="hint">The formal notice that your child has been placed on SEN Support is always sent to you, whatever you choose here.</p>
        </>
      )}
      <button type="submit" className="button" disabled={busy}>
        Save
      </button>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { api, must } from '../api/client';
import { $api, SEEDS_A_FORM } from '../api/query';
import { ErrorSummary, Loading, Page, TextField, useAction } from '../ui';

export type PolicyRole = 'senco' | 'head' | 'trust_lead';
export const ROLE_LABELS: Record<PolicyRole, string> = { senco: 'SENCOs', head: 'Heads', trust_lead: "The trust's leads" };

function PolicyForm({ schoolId, initial, fixed }: { schoolId: string; initial: PolicyRole[]; fixed: PolicyRole[] }) {
  const [roles, setRoles] = useState<PolicyRole[]>(initial);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const toggle = (role: PolicyRole, on: boolean) => setRoles((r) => (on ? [...r, role] : r.filter((x) => x !== role)));
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      setRoles(must(await api.PUT('/v1/schools/{schoolId}/two-factor-policy', { params: { path: { schoolId } }, body: { roles } })).roles);
      setSaved(true);
    });
  };
  return (
    <form onSubmit={save} noValidate>
      <ErrorSummary error={error} />
      {saved && (
        <div className="notice success" role="status">
          Saved.
        </div>
      )}
      <fieldset>
        <legend>Require two-factor sign-in for</legend>
        {(Object.keys(ROLE_LABELS) as PolicyRole[]).map((role) => (
          <label className="check" key={role}>
            <input
              type="checkbox"
              checked={roles.includes(role) || fixed.includes(role)}
              disabled={fixed.includes(role)}
              onChange={(e) => toggle(role, e.target.checked)}
            />{' '}
            {ROLE_LABELS[role]}
            {fixed.includes(role) && <span className="hint"> (required by your trust)</span>}
          </label>
        ))}
      </fieldset>
      <p className="hint">Someone who must use it but has not set it up is asked to at their next sign-in.</p>
      <button type="submit" className="button" disabled={busy}>
        Save
      </button>
    </form>
  );
}

function ResetForm({ schoolId }: { schoolId: string }) {
  const [email, setEmail] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const reset = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(await api.POST('/v1/schools/{schoolId}/two-factor-resets', { params: { path: { schoolId } }, body: { email: email.trim() } }));
      setDone(true);
      setEmail('');
    });
  };
  return (
    <form onSubmit={reset} noValidate>
      <h2>Reset a colleague&apos;s two-factor sign-in</h2>
      <p>For a member of staff who has lost their phone and their recovery codes. They set it up again when they next sign in.</p>
      <ErrorSummary error={error} />
      {done && (
        <div className="notice success" role="status">
          Reset. It is recorded in the audit log.
        </div>
      )}
      <TextField label="Their email address" type="email" value={email} onChange={setEmail} name="resetEmail" autoComplete="off" />
      <button type="submit" className="button secondary" disabled={busy}>
        Reset two-factor sign-in
      </button>
    </form>
  );
}

/** The head's two-factor settings: which roles must use it, and resetting a colleague. */
export function TwoFactorPolicyPage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  const state = $api.useQuery('get', '/v1/schools/{schoolId}/two-factor-policy', { params: { path: { schoolId } } }, SEEDS_A_FORM);
  return (
    <Page title="Two-factor sign-in">
      <Loading state={state}>{(p) => <PolicyForm schoolId={schoolId} initial={p.roles} fixed={p.trustRoles} />}</Loading>
      <ResetForm schoolId={schoolId} />
    </Page>
  );
}

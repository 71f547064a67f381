import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must } from '../api/client';
import { SEEDS_A_FORM } from '../api/query';
import { ErrorSummary, Loading, Page, useAction } from '../ui';
import { SsoForm } from './sso-settings';
import { ROLE_LABELS, type PolicyRole } from './two-factor-policy';

/**
 * The trust lead's sign-in policy for every school of the trust: one identity provider (a school's own wins)
 * and the roles that must use two-factor (added to each school's own). The trust is the school's trust.
 */
export function TrustSettings({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  // Keyed under the school's own read, so invalidating the school refreshes it too.
  const state = useQuery({
    queryKey: ['get', '/v1/schools/{schoolId}', { params: { path: { schoolId } } }, 'trust sign-in'],
    queryFn: async () => {
      const school = must(await api.GET('/v1/schools/{schoolId}', { params: { path: { schoolId } } }));
      if (!school.trustId) return null;
      const path = { params: { path: { trustId: school.trustId } } };
      const [sso, policy] = await Promise.all([api.GET('/v1/trusts/{trustId}/sso', path), api.GET('/v1/trusts/{trustId}/two-factor-policy', path)]);
      return { trustId: school.trustId, sso: must(sso), roles: must(policy).roles };
    },
    ...SEEDS_A_FORM,
  });
  return (
    <Page title="Trust sign-in">
      <Loading state={state}>
        {(t) =>
          t === null ? (
            <p>This school is not in a trust.</p>
          ) : (
            <>
              <h2>Single sign-on for the trust</h2>
              <p>Schools of the trust without single sign-on of their own sign their staff in with this provider.</p>
              <SsoForm
                current={t.sso}
                save={async (body) => must(await api.PUT('/v1/trusts/{trustId}/sso', { params: { path: { trustId: t.trustId } }, body }))}
                enabledLabel="Staff of the trust's schools may sign in with their trust account"
              />
              <TrustPolicyForm trustId={t.trustId} initial={t.roles} />
            </>
          )
        }
      </Loading>
    </Page>
  );
}

function TrustPolicyForm({ trustId, initial }: { trustId: string; initial: PolicyRole[] }) {
  const [roles, setRoles] = useState<PolicyRole[]>(initial);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      setRoles(must(await api.PUT('/v1/trusts/{trustId}/two-factor-policy', { params: { path: { trustId } }, body: { roles } })).roles);
      setSaved(true);
    });
  };
  return (
    <form onSubmit={save} noValidate>
      <h2>Two-factor sign-in across the trust</h2>
      <ErrorSummary error={error} />
      {saved && (
        <div className="notice success" role="status">
          Two-factor policy saved.
        </div>
      )}
      <fieldset>
        <legend>Require two-factor sign-in in every school of the trust for</legend>
        {(Object.keys(ROLE_LABELS) as PolicyRole[]).map((role) => (
          <label className="check" key={role}>
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(e) => setRoles((r) => (e.target.checked ? [...r, role] : r.filter((x) => x !== role)))}
            />{' '}
            {ROLE_LABELS[role]}
          </label>
        ))}
      </fieldset>
      <p className="hint">A school&apos;s head can add roles for their school but cannot remove these.</p>
      <button type="submit" className="button" disabled={busy}>
        Save two-factor policy
      </button>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { $api, SEEDS_A_FORM } from '../api/query';
import { ErrorSummary, Loading, Page, TextField, useAction } from '../ui';

/** The head's single sign-on settings: the school's OpenID Connect provider (Microsoft Entra ID, Google Workspace). */
export function SsoSettings({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  const state = $api.useQuery('get', '/v1/schools/{schoolId}/sso', { params: { path: { schoolId } } }, SEEDS_A_FORM);
  return (
    <Page title="Single sign-on">
      <Loading state={state}>
        {(current) => (
          <SsoForm
            current={current}
            save={async (body) => must(await api.PUT('/v1/schools/{schoolId}/sso', { params: { path: { schoolId } }, body }))}
            enabledLabel="Staff may sign in with their school account"
          />
        )}
      </Loading>
    </Page>
  );
}

type SsoBody = Schemas['UpdateSsoSettingsDto'];

/** The provider form, for a school's settings and a trust's (the trust lead's page). */
export function SsoForm({
  current,
  save,
  enabledLabel,
}: {
  current: Schemas['SsoSettingsDto'];
  save: (body: SsoBody) => Promise<unknown>;
  enabledLabel: string;
}) {
  const [issuer, setIssuer] = useState(current.issuer ?? '');
  const [clientId, setClientId] = useState(current.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [domains, setDomains] = useState(current.allowedDomains.join(', '));
  const [enabled, setEnabled] = useState(current.enabled);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const allowedDomains = domains
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean);
      await save({ issuer, clientId, allowedDomains, enabled, ...(clientSecret ? { clientSecret } : {}) });
      setClientSecret('');
      setSaved(true);
    });
  };
  return (
    <form onSubmit={submit}>
      <ErrorSummary error={error} />
      {saved && (
        <div className="notice success" role="status">
          Single sign-on settings saved.
        </div>
      )}
      <p>
        Register this redirect URI with your identity provider: <code style={{ overflowWrap: 'anywhere' }}>{current.redirectUri}</code>
      </p>
      <TextField
        label="Issuer URL"
        hint="Your provider's OpenID Connect issuer, e.g. for Google Workspace https://accounts.google.com"
        value={issuer}
        onChange={setIssuer}
        name="issuer"
      />
      <TextField label="Client ID" value={clientId} onChange={setClientId} name="clientId" />
      <TextField
        label="Client secret"
        type="password"
        autoComplete="off"
        hint={current.hasClientSecret ? 'A secret is stored. Leave blank to keep it.' : 'Required the first time.'}
        value={clientSecret}
        onChange={setClientSecret}
        name="clientSecret"
      />
      <TextField label="Allowed email domains" hint="Separate with commas, e.g. riverside.sch.uk" value={domains} onChange={setDomains} name="allowedDomains" />
      <div className="field checkbox">
        <input id="sso-enabled" type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <label htmlFor="sso-enabled">{enabledLabel}</label>
      </div>
      <button type="submit" className="button" disabled={busy}>
        Save single sign-on settings
      </button>
    </form>
  );
}

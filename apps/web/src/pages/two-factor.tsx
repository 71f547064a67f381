import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must } from '../api/client';
import { $api } from '../api/query';
import { ErrorSummary, Loading, Page, TextField, useAction } from '../ui';

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="panel" role="status">
      <h2>Your recovery codes</h2>
      <p>Each code signs you in once if you lose your phone. Keep them somewhere safe: they are shown only now.</p>
      <ul className="list" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A user's own two-factor sign-in: set up an authenticator app, recovery codes, remove. */
export function TwoFactorPage() {
  const state = $api.useQuery('get', '/v1/me/two-factor');
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/me/two-factor'] });
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const { busy, error, run } = useAction();
  const start = () => void run(async () => setEnrolment(must(await api.POST('/v1/me/two-factor/totp'))));
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      setCodes(must(await api.POST('/v1/me/two-factor/totp/confirm', { body: { code: code.trim() } })).recoveryCodes);
      setEnrolment(null);
      setCode('');
      await refresh();
    });
  };
  const regenerate = () => void run(async () => setCodes(must(await api.POST('/v1/me/two-factor/recovery-codes')).recoveryCodes));
  const remove = () =>
    void run(async () => {
      must(await api.DELETE('/v1/me/two-factor/totp'));
      setCodes(null);
      await refresh();
    });
  return (
    <Page title="Two-factor sign-in">
      <ErrorSummary error={error} />
      {codes && <RecoveryCodes codes={codes} />}
      <Loading state={state}>
        {(s) => (
          <>
            {s.required && <p>Your role must sign in with a second factor.</p>}
            {s.totp === 'on' ? (
              <>
                <p>An authenticator app is set up. Recovery codes left: {s.recoveryCodesLeft}.</p>
                <div className="actions">
                  <button type="button" className="button secondary" onClick={regenerate} disabled={busy}>
                    Make new recovery codes
                  </button>
                  <button type="button" className="button secondary" onClick={remove} disabled={busy}>
                    Remove the authenticator app
                  </button>
                </div>
              </>
            ) : enrolment ? (
              <form onSubmit={confirm} noValidate>
                <p>Add an account in your authenticator app with this key, or open the link on your phone:</p>
                <p>
                  <code className="secret-key" data-testid="totp-secret">
                    {enrolment.secret}
                  </code>
                </p>
                <p>
                  <a href={enrolment.uri}>Open in an authenticator app</a>
                </p>
                <TextField
                  label="Code from your authenticator app"
                  hint="6 digits"
                  value={code}
                  onChange={setCode}
                  name="code"
                  autoComplete="one-time-code"
                  inputMode="numeric"
                />
                <button type="submit" className="button" disabled={busy}>
                  Turn on two-factor sign-in
                </button>
              </form>
            ) : (
              <>
                <p>Sign in with a code from an app on your phone as well as your password.</p>
                <button type="button" className="button" onClick={start} disabled={busy}>
                  Set up an authenticator app
                </button>
              </>
            )}
          </>
        )}
      </Loading>
    </Page>
  );
}

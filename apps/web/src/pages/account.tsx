import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must } from '../api/client';
import { $api } from '../api/query';
import { ChangeEmail } from './email-change';
import { DataTable, ErrorSummary, Loading, Page, TextField, useAction } from '../ui';
import { Passkeys } from './passkeys';

const when = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }).format(new Date(iso));

/** The signed-in user's own account: their password, the devices signed in to it, and their passkeys. */
export function Account() {
  return (
    <Page title="Your account">
      <ChangePassword />
      <ChangeEmail />
      <Devices />
      <Passkeys />
    </Page>
  );
}

function ChangePassword() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    void run(async () => {
      must(await api.POST('/v1/me/password', { body: { currentPassword, newPassword } }));
      setCurrent('');
      setNew('');
      setDone(true);
    });
  };
  return (
    <section aria-labelledby="change-password">
      <h2 id="change-password">Change password</h2>
      {done && (
        <p role="status" className="notice">
          Your password has been changed. Every other device has been signed out.
        </p>
      )}
      <ErrorSummary error={error} />
      <form onSubmit={submit} noValidate>
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={setCurrent}
          name="currentPassword"
        />
        <TextField
          label="New password"
          hint="At least 12 characters. Not a common password, and not mostly your email, your name or the school's name. A few unrelated words work well."
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={setNew}
          name="newPassword"
        />
        <button type="submit" className="button" disabled={busy}>
          Change password
        </button>
      </form>
    </section>
  );
}

function Devices() {
  const state = $api.useQuery('get', '/v1/me/sessions');
  const queryClient = useQueryClient();
  const { error, run } = useAction();
  const signOut = (id: string) =>
    void run(async () => {
      must(await api.DELETE('/v1/me/sessions/{deviceSessionId}', { params: { path: { deviceSessionId: id } } }));
      await queryClient.invalidateQueries({ queryKey: ['get', '/v1/me/sessions'] });
    });
  return (
    <section aria-labelledby="devices">
      <h2 id="devices">Your devices</h2>
      <p>Where you are signed in. Sign out any device you do not recognise, then change your password.</p>
      <ErrorSummary error={error} />
      <Loading state={state}>
        {(sessions) => (
          <DataTable label="Devices signed in to your account" columns={['Device', 'Signed in', 'Last used', '']}>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.device}
                  {s.current && <strong> (this device)</strong>}
                </td>
                <td>{when(s.signedInAt)}</td>
                <td>{when(s.lastUsedAt)}</td>
                <td>
                  {!s.current && (
                    <button type="button" className="button-link" onClick={() => signOut(s.id)}>
                      Sign out<span className="visually-hidden"> {s.device}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loading>
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { api, must } from '../api/client';
import { Link } from '../router';
import { ErrorSummary, Page, TextField, useAction, useMe } from '../ui';

/** On "Your account", for parents only (staff addresses are the school's): a link goes to the new address. */
export function ChangeEmail() {
  const { me } = useMe();
  const [newEmail, setEmail] = useState('');
  const [currentPassword, setPassword] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const parentOnly = !me.isPlatformAdmin && me.schools.length > 0 && me.schools.every((s) => s.roles.every((r) => r === 'parent'));
  if (!parentOnly) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      setSent(must(await api.PUT('/v1/me/email', { body: { newEmail, currentPassword } })).message);
      setPassword('');
    });
  };
  return (
    <section aria-labelledby="change-email">
      <h2 id="change-email">Change your email address</h2>
      <p>You sign in with {me.email}. The school keeps its own record of how to contact you: tell them too.</p>
      {sent && (
        <p role="status" className="notice">
          {sent}
        </p>
      )}
      <ErrorSummary error={error} />
      <form onSubmit={submit} noValidate>
        <TextField label="New email address" type="email" autoComplete="email" value={newEmail} onChange={setEmail} name="newEmail" />
        <TextField
          label="Your password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={setPassword}
          name="currentPassword"
        />
        <button type="submit" className="button" disabled={busy}>
          Send a link to the new address
        </button>
      </form>
    </section>
  );
}

/** The page of the emailed link: /app/confirm-email#token=… */
export function ConfirmEmail() {
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(await api.POST('/v1/auth/email-change/confirm', { body: { token } }));
      window.history.replaceState(null, '', window.location.pathname);
      setDone(true);
    });
  };
  return (
    <main id="main" className="main narrow">
      <Page title="Confirm your new email address">
        {done ? (
          <>
            <p role="status" className="notice">
              Your email address has been changed. Sign in with the new address from now on.
            </p>
            <p>
              <Link to="/app/login">Sign in</Link>
            </p>
          </>
        ) : !token ? (
          <p>This link is not complete. Open the link from the email again.</p>
        ) : (
          <>
            <ErrorSummary error={error} />
            <form onSubmit={submit} noValidate>
              <button type="submit" className="button" disabled={busy}>
                Use this email address
              </button>
            </form>
          </>
        )}
      </Page>
    </main>
  );
}

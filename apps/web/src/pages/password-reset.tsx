import { useState, type FormEvent } from 'react';
import { api, must } from '../api/client';
import { Link } from '../router';
import { ErrorSummary, Page, TextField, useAction } from '../ui';

/** "Forgot your password?": asks for a link by email. The answer is the same whether or not the address has an account. */
export function ForgotPassword() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => setSent(must(await api.POST('/v1/auth/password-reset', { body: { email } })).message));
  };
  return (
    <main id="main" className="main narrow">
      <Page title="Reset your password">
        {sent ? (
          <>
            <p role="status" className="notice">
              {sent}
            </p>
            <p>If nothing arrives in a few minutes, check your spam folder or ask your school.</p>
            <p>
              <Link to="/app/login">Back to sign in</Link>
            </p>
          </>
        ) : (
          <>
            <p>Enter the email address you sign in with. We will email you a link to choose a new password.</p>
            <ErrorSummary error={error} />
            <form onSubmit={submit} noValidate>
              <TextField label="Email address" type="email" autoComplete="email" value={email} onChange={setEmail} name="email" />
              <button type="submit" className="button" disabled={busy}>
                Send the link
              </button>
            </form>
            <p>
              <Link to="/app/login">Back to sign in</Link>
            </p>
          </>
        )}
      </Page>
    </main>
  );
}

/** The page of the emailed link: /app/reset-password#token=… (the token stays in the fragment, out of server logs). */
export function ResetPassword() {
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '');
  const [newPassword, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(await api.POST('/v1/auth/password-reset/complete', { body: { token, newPassword } }));
      // Drop the spent token from the address bar and history.
      window.history.replaceState(null, '', window.location.pathname);
      setDone(true);
    });
  };
  return (
    <main id="main" className="main narrow">
      <Page title="Choose a new password">
        {done ? (
          <>
            <p role="status" className="notice">
              Your password has been changed, and every device signed in to your account has been signed out.
            </p>
            <p>
              <Link to="/app/login">Sign in with your new password</Link>
            </p>
          </>
        ) : !token ? (
          <p>
            This link is not complete. Open the link from the email again, or <Link to="/app/forgot-password">ask for a new one</Link>.
          </p>
        ) : (
          <>
            <ErrorSummary error={error} />
            <form onSubmit={submit} noValidate>
              <TextField
                label="New password"
                hint="At least 12 characters. Not a common password, and not mostly your email, your name or the school's name. A few unrelated words work well."
                type="password"
                autoComplete="new-password"
                value={newPassword}
                onChange={setPassword}
                name="newPassword"
              />
              <button type="submit" className="button" disabled={busy}>
                Set new password
              </button>
            </form>
            <p>
              The link works once, for 30 minutes. If it has expired, <Link to="/app/forgot-password">ask for a new one</Link>.
            </p>
          </>
        )}
      </Page>
    </main>
  );
}

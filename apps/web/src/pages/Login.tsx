import { useState, type FormEvent } from 'react';
import { login, type SecondFactorChallenge } from '../api/client';
import { Link, navigate } from '../router';
import { ErrorSummary, Page, TextField, useAction } from '../ui';
import { SsoSignIn } from './sso-login';
import { SecondStep } from './SecondStep';
import { PasskeySignIn } from './passkeys';

/** Only a path inside the app may follow a login (no open redirect). */
export function safeNext(): string {
  const next = new URLSearchParams(window.location.search).get('next') ?? '';
  return /^\/app(\/[A-Za-z0-9/_-]*)?$/.test(next) ? next : '/app';
}

/** A single sign-on that needs a second factor comes back with its challenge in the URL fragment. */
function challengeFromFragment(): SecondFactorChallenge | null {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const challengeToken = params.get('second-factor');
  if (!challengeToken) return null;
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return { secondFactorRequired: true, challengeToken, expiresIn: 300, enrolmentRequired: params.get('enrol') === '1' };
}

export function Login() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<SecondFactorChallenge | null>(challengeFromFragment);
  const { busy, error, run } = useAction();
  if (challenge) return <SecondStep challenge={challenge} onDone={() => navigate(safeNext(), { replace: true })} />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const second = await login(email, password);
      if (second) setChallenge(second);
      else navigate(safeNext(), { replace: true });
    });
  };
  return (
    <main id="main" className="main narrow">
      <Page title="Sign in to SEN Manager">
        <ErrorSummary error={error} />
        <form onSubmit={submit} noValidate>
          <TextField label="Email address" type="email" autoComplete="email" value={email} onChange={setEmail} name="email" />
          <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} name="password" />
          <button type="submit" className="button" disabled={busy}>
            Sign in
          </button>
        </form>
        <p>
          <Link to="/app/forgot-password">Forgot your password?</Link>
        </p>
        <SsoSignIn />
        <PasskeySignIn onSignedIn={() => navigate(safeNext(), { replace: true })} />
      </Page>
    </main>
  );
}

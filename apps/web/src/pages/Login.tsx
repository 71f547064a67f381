import { useState, type FormEvent } from 'react';
import { login, type SecondFactorChallenge } from '../api/client';
import { navigate } from '../router';
import { ErrorSummary, Page, TextField, useAction } from '../ui';
import { SecondStep } from './SecondStep';

/** Only a path inside the app may follow a login (no open redirect). */
export function safeNext(): string {
  const next = new URLSearchParams(window.location.search).get('next') ?? '';
  return /^\/app(\/[A-Za-z0-9/_-]*)?$/.test(next) ? next : '/app';
}

export function Login() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<SecondFactorChallenge | null>(null);
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
      </Page>
    </main>
  );
}

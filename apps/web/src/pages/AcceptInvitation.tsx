import { useState, type FormEvent } from 'react';
import { acceptInvitation, type SecondFactorChallenge } from '../api/client';
import { navigate } from '../router';
import { ErrorSummary, Page, TextField, useAction } from '../ui';
import { SecondStep } from './SecondStep';

/** The link in an invitation email: /invitations/accept#token=… (the token stays out of server logs). */
export function AcceptInvitation() {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  const [displayName, setName] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<SecondFactorChallenge | null>(null);
  const { busy, error, run } = useAction();
  // Drop the token from the address bar and history.
  if (challenge) return <SecondStep challenge={challenge} onDone={() => navigate('/app', { replace: true })} />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const second = await acceptInvitation({ token, displayName, password });
      if (second) setChallenge(second);
      else navigate('/app', { replace: true });
    });
  };
  return (
    <main id="main" className="main narrow">
      <Page title="Set up your account">
        {!token ? (
          <p>This link is not complete. Open the link from your invitation email again, or ask the school for a new invitation.</p>
        ) : (
          <>
            <p>
              The school has invited you to SEN Manager, where you can see your child's support plan, give your views before reviews and read messages from the
              school.
            </p>
            <ErrorSummary error={error} />
            <form onSubmit={submit} noValidate>
              <TextField label="Your name" autoComplete="name" value={displayName} onChange={setName} name="displayName" />
              <TextField
                label="Choose a password"
                hint="At least 12 characters. If you already have an account with this email, use its password."
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={setPassword}
                name="password"
              />
              <button type="submit" className="button" disabled={busy}>
                Accept and sign in
              </button>
            </form>
          </>
        )}
      </Page>
    </main>
  );
}

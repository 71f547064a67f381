import { useState, type FormEvent } from 'react';
import { api, must, verifySecondFactor, type SecondFactorChallenge } from '../api/client';
import { ErrorSummary, Page, TextField, useAction } from '../ui';

/**
 * The second step of sign-in: a code from the authenticator app, or a recovery code. A user who must use
 * two-factor but has none sets up an app here first (the key to type in, or the otpauth link), not locked out.
 */
export function SecondStep({ challenge, onDone }: { challenge: SecondFactorChallenge; onDone: () => void }) {
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string } | null>(null);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const proof = useRecovery ? { recoveryCode: recoveryCode.trim() } : { code: code.trim() };
      await verifySecondFactor({ challengeToken: challenge.challengeToken, ...proof });
      onDone();
    });
  };
  const startEnrolment = () =>
    void run(async () => setEnrolment(must(await api.POST('/v1/auth/two-factor/enrol', { body: { challengeToken: challenge.challengeToken } }))));
  return (
    <main id="main" className="main narrow">
      <Page title="Two-factor sign-in">
        <ErrorSummary error={error} />
        {challenge.enrolmentRequired && !enrolment ? (
          <>
            <p>Your account must use two-factor sign-in. Set up an authenticator app on your phone to continue.</p>
            <button type="button" className="button" onClick={startEnrolment} disabled={busy}>
              Set up an authenticator app
            </button>
          </>
        ) : (
          <form onSubmit={submit} noValidate>
            {enrolment && (
              <div className="panel">
                <p>Add an account in your authenticator app with this key, or open the link on your phone:</p>
                <p>
                  <code className="secret-key" data-testid="totp-secret">
                    {enrolment.secret}
                  </code>
                </p>
                <p>
                  <a href={enrolment.uri}>Open in an authenticator app</a>
                </p>
              </div>
            )}
            {useRecovery ? (
              <TextField label="Recovery code" value={recoveryCode} onChange={setRecoveryCode} name="recoveryCode" autoComplete="off" />
            ) : (
              <TextField
                label="Code from your authenticator app"
                hint="6 digits"
                value={code}
                onChange={setCode}
                name="code"
                autoComplete="one-time-code"
                inputMode="numeric"
              />
            )}
            <button type="submit" className="button" disabled={busy}>
              Continue
            </button>
            {!enrolment && (
              <p>
                <button type="button" className="button-link" onClick={() => setUseRecovery(!useRecovery)}>
                  {useRecovery ? 'Use a code from your app instead' : 'Use a recovery code instead'}
                </button>
              </p>
            )}
          </form>
        )}
      </Page>
    </main>
  );
}

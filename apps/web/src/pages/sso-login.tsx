import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { ErrorSummary, TextField, useAction } from '../ui';

/**
 * "Sign in with your school account": the email's domain finds the schools (and trusts: one line for all the
 * schools a trust's provider covers) whose single sign-on takes it, and the browser goes to the start URL (the
 * school's or trust's identity provider). A refused sign-in comes back to the
 * login page with ?sso=refused and one message, whatever the reason.
 */
export function SsoSignIn() {
  const refused = new URLSearchParams(window.location.search).get('sso') === 'refused';
  const [email, setEmail] = useState('');
  const [choices, setChoices] = useState<Schemas['SsoChoiceDto'][] | null>(null);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const found = must(await api.POST('/v1/auth/sso/discover', { body: { email } })).choices;
      if (found.length === 1 && found[0]) window.location.assign(found[0].startUrl);
      else setChoices(found);
    });
  };
  return (
    <section aria-labelledby="sso-heading">
      <h2 id="sso-heading">Sign in with your school account</h2>
      {refused && (
        <div className="notice" role="alert">
          We could not sign you in with your school account. Ask your school&apos;s SEN Manager administrator to check that your account is set up, or sign in
          with your password.
        </div>
      )}
      <ErrorSummary error={error} />
      <form onSubmit={submit} noValidate>
        <TextField label="Your school email" type="email" autoComplete="email" value={email} onChange={setEmail} name="sso-email" />
        <button type="submit" className="button secondary" disabled={busy}>
          Continue with school account
        </button>
      </form>
      {choices && choices.length === 0 && <p role="status">Your school has not set up single sign-on. Sign in with your password instead.</p>}
      {choices && choices.length > 1 && (
        <ul className="list">
          {choices.map((c) => (
            <li key={`${c.kind}-${c.id}`}>
              <a href={c.startUrl}>
                Sign in to {c.name}
                {c.kind === 'trust' && ' (all its schools)'}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

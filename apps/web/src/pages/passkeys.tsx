import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, signInWithPasskey } from '../api/client';
import { $api } from '../api/query';
import { DataTable, ErrorSummary, Loading, TextField, useAction } from '../ui';

const when = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }).format(new Date(iso));

/** The browser's own refusals (cancelled, timed out, no authenticator) in words, instead of a DOMException name. */
async function ceremony<T>(run: () => Promise<T>, what: string): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof Error && 'code' in e)
      throw new Error(`${what}: it was cancelled, took too long, or this device has no passkey for SEN Manager.`, { cause: e });
    throw e;
  }
}

/** "Your account": the user's passkeys (name, created, last used), adding one on this device, removing one. */
export function Passkeys() {
  const state = $api.useQuery('get', '/v1/me/passkeys');
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/me/passkeys'] });
  const [name, setName] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const add = (e: FormEvent) => {
    e.preventDefault();
    setAdded(null);
    void run(async () => {
      const optionsJSON = must(await api.POST('/v1/me/passkeys/options'));
      const credential = await ceremony(() => startRegistration({ optionsJSON }), 'The passkey was not created');
      const saved = must(await api.POST('/v1/me/passkeys/verify', { body: { name, credential } }));
      setName('');
      setAdded(saved.name);
      await refresh();
    });
  };
  const remove = (id: string) =>
    void run(async () => {
      must(await api.DELETE('/v1/me/passkeys/{passkeyId}', { params: { path: { passkeyId: id } } }));
      setAdded(null);
      await refresh();
    });
  return (
    <section aria-labelledby="passkeys">
      <h2 id="passkeys">Passkeys</h2>
      <p>
        A passkey signs you in with this device&apos;s screen lock (fingerprint, face or PIN) instead of your password. It counts as two-factor sign-in on its
        own, and cannot be given away to a fake website.
      </p>
      {added && (
        <p role="status" className="notice">
          Passkey &ldquo;{added}&rdquo; added. Next time, choose &ldquo;Sign in with a passkey&rdquo;.
        </p>
      )}
      <ErrorSummary error={error} />
      <Loading state={state}>
        {(passkeys) =>
          passkeys.length === 0 ? (
            <p>You have no passkeys yet.</p>
          ) : (
            <DataTable label="Your passkeys" columns={['Name', 'Added', 'Last used', '']}>
              {passkeys.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{when(p.createdAt)}</td>
                  <td>{p.lastUsedAt ? when(p.lastUsedAt) : 'Not used yet'}</td>
                  <td>
                    <button type="button" className="button-link" onClick={() => remove(p.id)} disabled={busy}>
                      Remove<span className="visually-hidden"> passkey {p.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </Loading>
      {browserSupportsWebAuthn() ? (
        <form onSubmit={add} noValidate>
          <TextField
            label="Name for the new passkey"
            hint="So you can tell your passkeys apart, for example “Work laptop”."
            value={name}
            onChange={setName}
            name="passkey-name"
          />
          <button type="submit" className="button" disabled={busy}>
            Add a passkey
          </button>
        </form>
      ) : (
        <p>This browser cannot use passkeys.</p>
      )}
    </section>
  );
}

/** The login page's "Sign in with a passkey": no email, the device offers its passkeys for this site. */
export function PasskeySignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { busy, error, run } = useAction();
  if (!browserSupportsWebAuthn()) return null;
  const signIn = () =>
    void run(async () => {
      const optionsJSON = must(await api.POST('/v1/auth/passkey/options'));
      const credential = await ceremony(() => startAuthentication({ optionsJSON }), 'You were not signed in');
      await signInWithPasskey(credential);
      onSignedIn();
    });
  return (
    <section aria-labelledby="passkey-heading">
      <h2 id="passkey-heading">Sign in with a passkey</h2>
      <p>Use your fingerprint, face or device PIN, if you have added a passkey to your account.</p>
      <ErrorSummary error={error} />
      <button type="button" className="button secondary" onClick={signIn} disabled={busy}>
        Use a passkey
      </button>
    </section>
  );
}

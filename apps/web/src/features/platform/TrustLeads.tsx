import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../../api/client';
import { $api } from '../../api/query';
import { DataTable, ErrorSummary, Loading, Select, Tag, TextField, useAction } from '../../ui';

const STATES: Record<Schemas['TrustLeadInvitationDto']['state'], { text: string; tone: 'green' | 'yellow' | 'grey' }> = {
  pending: { text: 'Waiting', tone: 'yellow' },
  accepted: { text: 'Accepted', tone: 'green' },
  revoked: { text: 'Withdrawn', tone: 'grey' },
  expired: { text: 'Expired', tone: 'grey' },
};

const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/**
 * The platform admin appoints a trust's leads: an invitation emailed to them (the link is never shown here: the
 * admin is not the invitee), the leads with when they started, and removing one, which ends their access at once.
 */
export function TrustLeads({ trusts, onChanged }: { trusts: { id: string; name: string }[]; onChanged: () => void }) {
  const [trustId, setTrustId] = useState('');
  return (
    <section aria-labelledby="trust-leads-heading">
      <h2 id="trust-leads-heading">Trust leads</h2>
      <p className="hint">A trust lead sees the SEN records of every school of their trust. Choose a trust to see and appoint its leads.</p>
      <Select
        label="Trust to manage"
        value={trustId}
        onChange={setTrustId}
        options={Object.fromEntries(trusts.map((t) => [t.id, t.name]))}
        empty="Choose a trust"
      />
      {trustId && <Leads key={trustId} trustId={trustId} onChanged={onChanged} />}
    </section>
  );
}

function Leads({ trustId, onChanged }: { trustId: string; onChanged: () => void }) {
  const leads = $api.useQuery('get', '/v1/admin/trusts/{trustId}/leads', { params: { path: { trustId } } });
  const queryClient = useQueryClient();
  const { busy, error, run } = useAction();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState('');
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: ['get', '/v1/admin/trusts/{trustId}/leads'] });
    onChanged();
  };
  const invite = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const created = must(await api.POST('/v1/admin/trusts/{trustId}/lead-invitations', { params: { path: { trustId } }, body: { email } }));
      setSent(created.email);
      setEmail('');
      changed();
    });
  };
  const remove = (userId: string) =>
    void run(async () => {
      must(await api.DELETE('/v1/admin/trusts/{trustId}/leads/{userId}', { params: { path: { trustId, userId } } }));
      changed();
    });
  const revoke = (invitationId: string) =>
    void run(async () => {
      must(await api.DELETE('/v1/admin/trusts/{trustId}/lead-invitations/{invitationId}', { params: { path: { trustId, invitationId } } }));
      changed();
    });
  return (
    <>
      <ErrorSummary error={error} />
      {sent && <p role="status">Invitation emailed to {sent}.</p>}
      <Loading state={leads}>
        {({ leads: people, invitations }) => (
          <>
            {people.length === 0 ? (
              <p>This trust has no lead yet.</p>
            ) : (
              <DataTable label="Leads of the trust" columns={['Name', 'Email', 'Lead since', '']}>
                {people.map((p) => (
                  <tr key={p.userId}>
                    <td>{p.displayName}</td>
                    <td>{p.email}</td>
                    <td>{day(p.since)}</td>
                    <td>
                      <button type="button" className="button secondary" disabled={busy} onClick={() => remove(p.userId)}>
                        Remove {p.displayName} as lead
                      </button>
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
            {invitations.length > 0 && (
              <DataTable label="Invitations to lead the trust" columns={['Email', 'State', 'Sent', 'Link works until', '']}>
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td>
                    <td>
                      <Tag tone={STATES[i.state].tone}>{STATES[i.state].text}</Tag>
                    </td>
                    <td>{day(i.createdAt)}</td>
                    <td>{day(i.expiresAt)}</td>
                    <td>
                      {i.state === 'pending' && (
                        <button type="button" className="button secondary" disabled={busy} onClick={() => revoke(i.id)}>
                          Withdraw the invitation to {i.email}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </>
        )}
      </Loading>
      <form onSubmit={invite} noValidate>
        <TextField
          label="Invite a trust lead"
          hint="Their work email: they get a link that works once, until the date shown with the invitation. An existing account accepts with its own password."
          type="email"
          autoComplete="off"
          value={email}
          onChange={setEmail}
          name="leadEmail"
        />
        <button type="submit" className="button" disabled={busy}>
          Send invitation
        </button>
      </form>
    </>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must } from '../api/client';
import { $api } from '../api/query';
import { TrustLeads } from '../features/platform/TrustLeads';
import { Link } from '../router';
import { DataTable, ErrorSummary, Loading, Page, Select, Tag, TextField, useAction } from '../ui';

const PHASES: Record<string, string> = {
  nursery: 'Nursery',
  primary: 'Primary',
  middle: 'Middle',
  secondary: 'Secondary',
  'all-through': 'All-through',
  special: 'Special',
  'alternative-provision': 'Alternative provision',
  'post-16': 'Post-16',
};

const ACTIVITY: Record<string, string> = {
  'admin.trust_created': 'Trust created',
  'admin.school_created': 'School created',
  'admin.trust_lead_invited': 'Trust lead invited',
  'admin.trust_lead_invitation_revoked': 'Trust lead invitation withdrawn',
  'admin.trust_lead_removed': 'Trust lead removed',
  'admin.password_reset': 'Admin password reset by email',
};

/** The platform admin's screen: trusts and schools, and how far each school is set up (counts only, never a pupil). */
export function PlatformAdmin() {
  const status = $api.useQuery('get', '/v1/admin/school-status');
  const trusts = $api.useQuery('get', '/v1/admin/trusts');
  const trail = $api.useQuery('get', '/v1/admin/audit', { params: { query: { limit: 20 } } });
  const queryClient = useQueryClient();
  // A school, trust or lead added shows in the lists and the audit trail.
  const reload = () => {
    for (const path of ['/v1/admin/school-status', '/v1/admin/trusts', '/v1/admin/audit']) void queryClient.invalidateQueries({ queryKey: ['get', path] });
  };
  // The trail holds ids only: names come from the lists this page already has.
  const names = new Map([...(status.data ?? []).map((s) => [s.id, s.name] as const), ...(trusts.data ?? []).map((t) => [t.id, t.name] as const)]);
  // A trust lead's invitation or removal names the trust it concerns.
  const trustOf = (details: Record<string, unknown>) => (typeof details.trustId === 'string' ? names.get(details.trustId) : undefined);
  return (
    <Page title="Platform administration" wide>
      <h2>Schools</h2>
      <Loading state={status}>
        {(rows) => (
          <div className="table-wrap" role="region" aria-label="Schools" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">School</th>
                  <th scope="col">URN</th>
                  <th scope="col">Staff</th>
                  <th scope="col">SENCOs</th>
                  <th scope="col">Heads</th>
                  <th scope="col">Single sign-on</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => (
                  <tr key={s.id}>
                    <td>{s.name}</td>
                    <td>{s.urn}</td>
                    <td>{s.staff}</td>
                    <td>{s.sencos}</td>
                    <td>{s.heads}</td>
                    <td>{s.ssoSource === 'trust' ? 'On (trust)' : s.ssoSource === 'school' ? 'On' : 'Off'}</td>
                    <td>{s.setUp ? <Tag tone="green">Set up</Tag> : <Tag tone="yellow">Needs a SENCO and head</Tag>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loading>
      <NewTrust onDone={reload} />
      <Loading state={trusts}>{(list) => <NewSchool trusts={list} onDone={reload} />}</Loading>
      <Loading state={trusts}>{(list) => <TrustLeads trusts={list} onChanged={reload} />}</Loading>
      <h2>Local authorities' ordinarily available provision</h2>
      <p>
        <Link to="/app/admin/oap">Import an authority's framework</Link> (checked first, then all or nothing).
      </p>
      <h2>Admin activity</h2>
      <p className="hint">What platform admins did, newest first (the last 20). No school's staff can see this.</p>
      <Loading state={trail}>
        {(page) =>
          page.items.length === 0 ? (
            <p>Nothing yet.</p>
          ) : (
            <DataTable label="Admin activity" columns={['When', 'What', 'Which']}>
              {page.items.map((e) => (
                <tr key={e.id}>
                  <td>{new Date(e.occurredAt).toLocaleString('en-GB')}</td>
                  <td>{ACTIVITY[e.action] ?? e.action}</td>
                  <td>{names.get(e.entityId ?? '') ?? trustOf(e.details) ?? e.entityId}</td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </Loading>
    </Page>
  );
}

function NewTrust({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(await api.POST('/v1/admin/trusts', { body: { name } }));
      setName('');
      setDone(true);
      onDone();
    });
  };
  return (
    <form onSubmit={submit}>
      <h2>New trust</h2>
      <ErrorSummary error={error} />
      {done && <p role="status">Trust created.</p>}
      <TextField label="Trust name" value={name} onChange={setName} name="trustName" />
      <button type="submit" className="button" disabled={busy}>
        Create trust
      </button>
    </form>
  );
}

function NewSchool({ trusts, onDone }: { trusts: { id: string; name: string }[]; onDone: () => void }) {
  const empty = { urn: '', name: '', phase: 'primary', laCode: '', laName: '', trustId: '' };
  const [form, setForm] = useState(empty);
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const { trustId, phase, ...rest } = form;
      must(await api.POST('/v1/admin/schools', { body: { ...rest, phase: phase as 'primary', ...(trustId ? { trustId } : {}) } }));
      setForm(empty);
      setDone(true);
      onDone();
    });
  };
  return (
    <form onSubmit={submit}>
      <h2>New school</h2>
      <ErrorSummary error={error} />
      {done && <p role="status">School created.</p>}
      <TextField label="URN" hint="6 digits" inputMode="numeric" value={form.urn} onChange={set('urn')} name="urn" />
      <TextField label="School name" value={form.name} onChange={set('name')} name="schoolName" />
      <Select label="Phase" value={form.phase} onChange={set('phase')} options={PHASES} />
      <TextField label="Local authority number" hint="3 digits" inputMode="numeric" value={form.laCode} onChange={set('laCode')} name="laCode" />
      <TextField label="Local authority" value={form.laName} onChange={set('laName')} name="laName" />
      <Select
        label="Trust"
        value={form.trustId}
        onChange={set('trustId')}
        options={Object.fromEntries(trusts.map((t) => [t.id, t.name]))}
        empty="No trust (a single school)"
      />
      <button type="submit" className="button" disabled={busy}>
        Create school
      </button>
    </form>
  );
}

import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { $api } from '../api/query';
import { longDate } from '../labels';
import { Link } from '../router';
import { DataTable, ErrorSummary, Loading, Page, Select, Tag, rolesIn, useAction, useMe } from '../ui';

type Member = Schemas['StaffMemberDto'];
type StaffRole = Member['roles'][number];
type Status = Member['status'];
const ROLE: Record<StaffRole, string> = { senco: 'SENCO', head: 'Head', teacher: 'Teacher' };
const STATUS: Record<Status, string> = { active: 'Active', invited: 'Invited', left: 'Left' };
const TONE: Record<Status, 'green' | 'blue' | 'grey'> = { active: 'green', invited: 'blue', left: 'grey' };

/**
 * The staff directory for the SENCO and head: who is on the staff, their roles, classes and groups. Roles change
 * within the invitation rules (the API refuses the rest); a leaver loses access at once.
 */
export function StaffDirectory({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  const { me } = useMe();
  const [role, setRole] = useState('');
  const [status, setStatus] = useState('');
  const [confirming, setConfirming] = useState<Member | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // The list shown stays on screen until the newly filtered one comes (as it always has).
  const state = $api.useQuery(
    'get',
    '/v1/schools/{schoolId}/staff-directory',
    { params: { path: { schoolId }, query: { role: (role || undefined) as StaffRole | undefined, status: (status || undefined) as Status | undefined } } },
    { placeholderData: keepPreviousData },
  );
  const queryClient = useQueryClient();
  const { busy, error, run } = useAction();
  const myId = me.id;
  const isHead = rolesIn(me, schoolId).includes('head');
  const done = (text: string) => {
    setMessage(text);
    void queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/staff-directory'] });
  };
  const setRoles = (m: Member, roles: StaffRole[]) =>
    run(async () => {
      must(await api.PUT('/v1/schools/{schoolId}/staff-directory/{userId}/roles', { params: { path: { schoolId, userId: m.userId ?? '' } }, body: { roles } }));
      done(`${m.displayName ?? m.email} is now: ${roles.map((r) => ROLE[r]).join(', ')}.`);
    });
  const leave = (m: Member) =>
    run(async () => {
      must(await api.POST('/v1/schools/{schoolId}/staff-directory/{userId}/leave', { params: { path: { schoolId, userId: m.userId ?? '' } } }));
      setConfirming(null);
      done(`${m.displayName ?? m.email} is marked as a leaver and can no longer sign in to this school.`);
    });
  const resend = (m: Member) =>
    run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/staff-directory/resend-invitation', {
          params: { path: { schoolId } },
          body: { invitationId: m.invitationId ?? '' },
        }),
      );
      done(`A new invitation is on its way to ${m.email}.`);
    });
  const withdraw = (m: Member) =>
    run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/staff-directory/revoke-invitation', {
          params: { path: { schoolId } },
          body: { invitationId: m.invitationId ?? '' },
        }),
      );
      done(`The invitation to ${m.email} is withdrawn, with the classes that were waiting for them.`);
    });
  const offered: StaffRole[] = isHead ? ['teacher', 'senco', 'head'] : ['teacher', 'senco'];
  return (
    <Page title="Staff" wide>
      <ErrorSummary error={error} />
      {message && <p role="status">{message}</p>}
      <p>
        <Link to={`/app/s/${schoolId}/staff/import`}>Import staff and classes from your MIS</Link>
      </p>
      {confirming && (
        <div className="error-summary" role="alertdialog" aria-labelledby="leave-h" aria-describedby="leave-d">
          <h2 id="leave-h">Mark {confirming.displayName ?? confirming.email} as a leaver?</h2>
          <p id="leave-d">They lose access to this school at once. Their intervention groups will need a new member of staff.</p>
          <button type="button" className="button warning" disabled={busy} onClick={() => void leave(confirming)}>
            Yes, mark as a leaver
          </button>
          <button type="button" className="button secondary" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      )}
      <div className="filters">
        <Select label="Role" value={role} onChange={setRole} options={ROLE} empty="Any role" />
        <Select label="Status" value={status} onChange={setStatus} options={STATUS} empty="Any status" />
      </div>
      <Loading state={state}>
        {(found) => (
          <>
            {found.groupsNeedingStaff.length > 0 && (
              <div className="error-summary" role="region" aria-label="Groups that need a new member of staff">
                <h2>Groups that need a new member of staff</h2>
                <ul>
                  {found.groupsNeedingStaff.map((g) => (
                    <li key={g.id}>{g.name}</li>
                  ))}
                </ul>
              </div>
            )}
            <p>
              {found.staff.length} member{found.staff.length === 1 ? '' : 's'} of staff shown. The school also has {found.parentAccounts} parent account
              {found.parentAccounts === 1 ? '' : 's'}.
            </p>
            <DataTable label="Staff" columns={['Name', 'Roles', 'Classes and groups', 'Last signed in', 'Status', 'Actions']}>
              {found.staff.map((m) => (
                <tr key={m.userId ?? m.invitationId ?? m.email}>
                  <th scope="row">
                    {m.displayName ?? m.email} <span className="hint">{m.email}</span>
                  </th>
                  <td>{m.roles.map((r) => ROLE[r]).join(', ')}</td>
                  <td>{[...m.classNames, ...m.groups.map((g) => g.name)].join(', ') || 'None'}</td>
                  <td>{m.lastSignInAt ? longDate(m.lastSignInAt) : 'Never'}</td>
                  <td>
                    <Tag tone={TONE[m.status]}>{STATUS[m.status]}</Tag>
                    {m.leftAt && <span className="hint"> {longDate(m.leftAt)}</span>}
                  </td>
                  <td>
                    {m.status === 'active' && m.userId !== myId && (
                      <>
                        <Select
                          label={`Role for ${m.email}`}
                          value={m.roles.join(',')}
                          onChange={(v) => void setRoles(m, v.split(',') as StaffRole[])}
                          options={Object.fromEntries(
                            [...new Set([m.roles.join(','), ...offered])].map((v) => [
                              v,
                              v
                                .split(',')
                                .map((r) => ROLE[r as StaffRole])
                                .join(', '),
                            ]),
                          )}
                        />
                        <button type="button" className="button-link" disabled={busy} onClick={() => setConfirming(m)}>
                          Mark {m.email} as a leaver
                        </button>
                      </>
                    )}
                    {m.status === 'invited' && (
                      <>
                        <button type="button" className="button secondary small" disabled={busy} onClick={() => void resend(m)}>
                          Re-send the invitation to {m.email}
                        </button>
                        <button type="button" className="button-link" disabled={busy} onClick={() => void withdraw(m)}>
                          Withdraw the invitation to {m.email}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </Loading>
    </Page>
  );
}

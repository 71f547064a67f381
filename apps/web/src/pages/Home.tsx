import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, must } from '../api/client';
import { Link, navigate } from '../router';
import { Loading, Page, rolesIn, useMe, type Role } from '../ui';

const START: [Role, string][] = [
  ['senco', 'register'],
  ['head', 'dashboard'],
  ['trust_lead', 'dashboard'],
  ['teacher', 'sessions'],
  ['parent', 'children'],
];

export const startPage = (roles: Role[]) => START.find(([role]) => roles.includes(role))?.[1] ?? 'inbox';

/** Someone in one school goes straight to their start page; someone in several picks a school. */
export function Home() {
  const { me } = useMe();
  const single = me.schools.length === 1 ? me.schools[0] : null;
  useEffect(() => {
    if (single) navigate(`/app/s/${single.schoolId}/${startPage(single.roles as Role[])}`, { replace: true });
  }, [single]);
  // Keyed under the school's own read, so invalidating a school (its settings saved) refreshes the list too.
  const schools = useQuery({
    queryKey: ['get', '/v1/schools/{schoolId}', 'your schools', me.schools.map((s) => s.schoolId)],
    queryFn: () => Promise.all(me.schools.map(async (s) => must(await api.GET('/v1/schools/{schoolId}', { params: { path: { schoolId: s.schoolId } } })))),
  });
  if (single) return null;
  return (
    <Page title="Your schools">
      {me.isPlatformAdmin && (
        <p>
          <Link to="/app/admin">Platform administration</Link>
        </p>
      )}
      {me.schools.length === 0 && <p>Your account is not linked to a school yet. Ask the school to invite you.</p>}
      <Loading state={schools}>
        {(list) => (
          <ul className="list">
            {list.map((s) => (
              <li key={s.id}>
                <Link to={`/app/s/${s.id}/${startPage(rolesIn(me, s.id))}`}>{s.name}</Link>
              </li>
            ))}
          </ul>
        )}
      </Loading>
    </Page>
  );
}

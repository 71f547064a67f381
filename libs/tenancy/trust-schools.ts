import type { EntityManager } from 'typeorm';
import { notFound } from '#libs/core';
import { schoolScope, type SchoolScope } from '#libs/database';

/**
 * The schools of a trust the caller leads, as scopes (for their audit trails). A trust the caller does not
 * lead, or that does not exist, is the same 404: trust_memberships shows a user only their own rows.
 */
export async function ledTrustSchools(m: EntityManager, trustId: string): Promise<SchoolScope[]> {
  const lead = await m.query<{ n: number }[]>(
    `select count(*)::int as n from trust_memberships where trust_id = $1 and user_id = (select app.current_user_id())`,
    [trustId],
  );
  if ((lead[0]?.n ?? 0) === 0) throw notFound('Trust');
  const rows = await m.query<{ id: string }[]>(`select id from schools where trust_id = $1 order by id`, [trustId]);
  return rows.map((r) => schoolScope(r.id));
}

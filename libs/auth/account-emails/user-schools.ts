import type { EntityManager } from 'typeorm';

/**
 * The schools a user belongs to (as staff or parent, or through a trust role), in a transaction that names no
 * school: `app.user_id` is set for its own-rows policies, and `app.school_ids` widened to those schools for the
 * rest of the transaction, so the caller can write their audit rows and outbox events. The first is the school
 * whose name an account email carries (the oldest membership).
 */
export async function userSchools(m: EntityManager, userId: string): Promise<string[]> {
  await m.query(`select set_config('app.user_id', $1, true)`, [userId]);
  const rows = await m.query<{ school_id: string }[]>(
    `select school_id from (
       select school_id, min(created_at) as since from memberships where user_id = $1 group by school_id
       union all
       select s.id, tm.created_at from trust_memberships tm join schools s on s.trust_id = tm.trust_id where tm.user_id = $1
     ) x group by school_id order by min(since), school_id`,
    [userId],
  );
  const ids = rows.map((r) => r.school_id);
  await m.query(`select set_config('app.school_ids', $1, true)`, [`{${ids.join(',')}}`]);
  return ids;
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who a request's access token belongs to, in one round trip. The API looked this up on every request in a
 * transaction of its own: START TRANSACTION, the user setting, the user and session, the memberships, COMMIT,
 * five statements before any work (docs/performance.md). This function sets the user for row-level security
 * itself (transaction-local, and put back as it was before it returns), then answers both queries as one:
 * a row per school role, or one row with no school for a user with none. It runs as its caller, under the
 * same policies as before.
 */
export class PrincipalLookup1764600000000 implements MigrationInterface {
  name = 'PrincipalLookup1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create function app.principal(p_user uuid, p_session uuid)
      returns table (is_platform_admin boolean, disabled_at timestamptz, live boolean, school_id uuid, role text)
      language plpgsql volatile as $$
      #variable_conflict use_column
      declare
        previous text := current_setting('app.user_id', true);
      begin
        perform set_config('app.user_id', p_user::text, true);
        return query
          select u.is_platform_admin, u.disabled_at,
                 exists (select 1 from refresh_sessions s
                          where s.family_id = p_session and s.user_id = u.id and s.revoked_at is null and s.expires_at > now()),
                 a.school_id, a.role
            from users u
            left join lateral (
              select m.school_id, m.role::text as role from memberships m where m.user_id = u.id
              union all
              select sc.id, 'trust_lead'::text from trust_memberships tm join schools sc on sc.trust_id = tm.trust_id where tm.user_id = u.id
            ) a on true
           where u.id = p_user;
        perform set_config('app.user_id', coalesce(previous, ''), true);
      end $$`);
    await q.query(`grant execute on function app.principal(uuid, uuid) to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function if exists app.principal(uuid, uuid)`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stamp on each user that moves whenever anything app.principal reads for them changes: their account (platform
 * role, disabled), a session of theirs (revoked, expiry moved, deleted), a school membership, a trust membership,
 * or a school joining or leaving a trust they lead. The triggers move it in the writer's own transaction, so it
 * changes exactly when the change commits, whoever makes it (the API, the worker, a script).
 *
 * A GET of a session the API process knows then confirms its principal by reading the stamp in its transaction's
 * opening statement, instead of running app.principal (0.15–0.3 ms of PostgreSQL's CPU on every request,
 * docs/performance.md, *The principal confirmed by a stamp*): the same stamp as when the principal was loaded
 * means nothing it was built from has changed since (docs/security.md, 7.4.1).
 *
 * app.principal returns the stamp, read before anything else it reads (each statement of a volatile function
 * takes a new snapshot: a change committed in between leaves the stamp behind, never ahead, and the next request
 * loads again), and when the session's last live token expires.
 */
/** Each school role of the user `u`, trust leads' included (as app.principal has read them since 1764600000000). */
const SCHOOL_ROLES = `left join lateral (
              select m.school_id, m.role::text as role from memberships m where m.user_id = u.id
              union all
              select sc.id, 'trust_lead'::text from trust_memberships tm join schools sc on sc.trust_id = tm.trust_id where tm.user_id = u.id
            ) a on true`;

export class PrincipalStamp1765320000000 implements MigrationInterface {
  name = 'PrincipalStamp1765320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table users add column principal_stamp bigint not null default 0`);
    // The stamp only moves forward: a lower one could make a stale principal match again.
    await q.query(`create function app.guard_principal_stamp() returns trigger language plpgsql as $$
      begin
        if new.principal_stamp < old.principal_stamp then
          raise exception 'users.principal_stamp only moves forward' using errcode = 'check_violation';
        end if;
        if new.is_platform_admin is distinct from old.is_platform_admin or new.disabled_at is distinct from old.disabled_at then
          new.principal_stamp := greatest(new.principal_stamp, old.principal_stamp + 1);
        end if;
        return new;
      end $$`);
    await q.query(`create trigger guard_principal_stamp before update on users for each row execute function app.guard_principal_stamp()`);

    // users has no row-level security: the writer's trigger reaches the user it changed, whatever it can read.
    await q.query(`create function app.touch_principal() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and old.user_id is distinct from new.user_id then
          update users set principal_stamp = principal_stamp + 1 where id = old.user_id;
        end if;
        update users set principal_stamp = principal_stamp + 1 where id = case when tg_op = 'DELETE' then old.user_id else new.user_id end;
        return null;
      end $$`);
    for (const table of ['memberships', 'trust_memberships']) {
      await q.query(`create trigger touch_principal after insert or update or delete on ${table} for each row execute function app.touch_principal()`);
    }
    // A new session changes no principal already loaded (each is for its own session), nor does the end of one
    // already revoked or expired; revoking one, moving its expiry or removing a live one does.
    await q.query(`create trigger touch_principal after update of user_id, family_id, expires_at, revoked_at on refresh_sessions
      for each row when (old.user_id is distinct from new.user_id or old.family_id is distinct from new.family_id
                         or old.expires_at is distinct from new.expires_at or old.revoked_at is distinct from new.revoked_at)
      execute function app.touch_principal()`);
    await q.query(`create trigger touch_principal_removed after delete on refresh_sessions
      for each row when (old.revoked_at is null) execute function app.touch_principal()`);

    // A school joining or leaving a trust changes what its leads reach. Their trust memberships are under
    // row-level security the writer may not pass, so this one runs as the owner, with a policy for it alone.
    await q.query(`create policy principal_stamp on trust_memberships for select to current_user using (true)`);
    await q.query(`create function app.touch_trust_leads() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      declare
        trusts uuid[] := array[]::uuid[];
      begin
        if tg_op in ('UPDATE', 'DELETE') and old.trust_id is not null then trusts := trusts || old.trust_id; end if;
        if tg_op in ('UPDATE', 'INSERT') and new.trust_id is not null then trusts := trusts || new.trust_id; end if;
        if tg_op = 'UPDATE' and old.trust_id is not distinct from new.trust_id then return null; end if;
        update users set principal_stamp = principal_stamp + 1
         where id in (select tm.user_id from trust_memberships tm where tm.trust_id = any (trusts));
        return null;
      end $$`);
    await q.query(
      `create trigger touch_trust_leads after insert or update of trust_id or delete on schools for each row execute function app.touch_trust_leads()`,
    );

    await q.query(`drop function app.principal(uuid, uuid)`);
    await q.query(`create function app.principal(p_user uuid, p_session uuid)
      returns table (is_platform_admin boolean, disabled_at timestamptz, live boolean, school_id uuid, role text, stamp bigint, live_until timestamptz)
      language plpgsql volatile as $$
      #variable_conflict use_column
      declare
        previous text := current_setting('app.user_id', true);
        v_stamp bigint;
        v_until timestamptz;
      begin
        perform set_config('app.user_id', p_user::text, true);
        -- First, in a snapshot of its own: anything committed after it is newer than the stamp.
        select u.principal_stamp into v_stamp from users u where u.id = p_user;
        select max(s.expires_at) into v_until from refresh_sessions s
         where s.family_id = p_session and s.user_id = p_user and s.revoked_at is null and s.expires_at > now();
        return query
          select u.is_platform_admin, u.disabled_at, v_until is not null, a.school_id, a.role, v_stamp, v_until
            from users u
            ${SCHOOL_ROLES}
           where u.id = p_user;
        perform set_config('app.user_id', coalesce(previous, ''), true);
      end $$`);
    await q.query(`grant execute on function app.principal(uuid, uuid) to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function app.principal(uuid, uuid)`);
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
            ${SCHOOL_ROLES}
           where u.id = p_user;
        perform set_config('app.user_id', coalesce(previous, ''), true);
      end $$`);
    await q.query(`grant execute on function app.principal(uuid, uuid) to sen_app`);
    await q.query(`drop trigger touch_trust_leads on schools`);
    await q.query(`drop function app.touch_trust_leads()`);
    await q.query(`drop policy principal_stamp on trust_memberships`);
    for (const table of ['memberships', 'trust_memberships', 'refresh_sessions']) await q.query(`drop trigger touch_principal on ${table}`);
    await q.query(`drop trigger touch_principal_removed on refresh_sessions`);
    await q.query(`drop function app.touch_principal()`);
    await q.query(`drop trigger guard_principal_stamp on users`);
    await q.query(`drop function app.guard_principal_stamp()`);
    await q.query(`alter table users drop column principal_stamp`);
  }
}

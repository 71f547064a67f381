import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on: a school's OpenID Connect provider. Tenant-owned like every school table. Sign-in happens
 * before anyone has a school, so two SECURITY DEFINER functions answer the only questions it needs (which
 * schools take an email domain, and one school's enabled provider); they run as the owner, whose own select
 * policy lets them read across schools, while the app role still sees only its schools' rows.
 */
export class Sso1765100000000 implements MigrationInterface {
  name = 'Sso1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "sso_configs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "issuer" character varying(500) NOT NULL, "client_id" character varying(200) NOT NULL, "client_secret_sealed" text NOT NULL, "allowed_domains" text array NOT NULL, "enabled" boolean NOT NULL DEFAULT false, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_sso_configs" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_sso_configs_school" ON "sso_configs" ("school_id") `);
    await q.query(
      `ALTER TABLE "sso_configs" ADD CONSTRAINT "fk_sso_configs_school" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    await q.query(`alter table sso_configs enable row level security`);
    await q.query(`alter table sso_configs force row level security`);
    await q.query(`create policy tenant_isolation on sso_configs using (${inSchool}) with check (${inSchool})`);
    await q.query(`create policy sign_in_lookup on sso_configs for select to current_user using (true)`);
    await q.query(`create policy sign_in_lookup on schools for select to current_user using (true)`);
    await q.query(`grant select, insert, update on sso_configs to sen_app`);

    await q.query(`create function app.sso_discover(p_domain text) returns table (school_id uuid, school_name text)
      language sql stable security definer set search_path = public, pg_temp as $$
        select s.id, s.name::text from sso_configs c join schools s on s.id = c.school_id
         where c.enabled and lower(p_domain) = any (c.allowed_domains) order by s.name, s.id limit 20 $$`);
    await q.query(`create function app.sso_provider(p_school uuid)
      returns table (school_id uuid, issuer text, client_id text, client_secret_sealed text, allowed_domains text[])
      language sql stable security definer set search_path = public, pg_temp as $$
        select c.school_id, c.issuer::text, c.client_id::text, c.client_secret_sealed, c.allowed_domains
          from sso_configs c where c.school_id = p_school and c.enabled $$`);
    // The platform admin's view of each school: counts only (staff by role, whether SSO is on), never a name
    // or a pupil; it answers nothing to anyone else.
    await q.query(`create policy platform_status on memberships for select to current_user using (true)`);
    await q.query(`create function app.school_status()
      returns table (school_id uuid, staff integer, sencos integer, heads integer, sso_enabled boolean)
      language sql stable security definer set search_path = public, pg_temp as $$
        select s.id,
               (select count(distinct m.user_id)::int from memberships m where m.school_id = s.id and m.role in ('senco', 'head', 'teacher')),
               (select count(*)::int from memberships m where m.school_id = s.id and m.role = 'senco'),
               (select count(*)::int from memberships m where m.school_id = s.id and m.role = 'head'),
               coalesce((select c.enabled from sso_configs c where c.school_id = s.id), false)
          from schools s where (select app.is_platform_admin()) order by s.name, s.id $$`);
    // The platform admin's actions on a school go in that school's audit trail (admin.* actions only).
    await q.query(`create policy platform_admin_audit on audit_events for insert
        with check ((select app.is_platform_admin()) and action like 'admin.%')`);
    // The insert returns the new row (its id and time), so the admin also sees their own admin.* entries.
    await q.query(`create policy platform_admin_audit_read on audit_events for select
        using ((select app.is_platform_admin()) and action like 'admin.%')`);
    await q.query(`revoke all on function app.school_status() from public`);
    await q.query(`grant execute on function app.school_status() to sen_app`);
    await q.query(`revoke all on function app.sso_discover(text), app.sso_provider(uuid) from public`);
    await q.query(`grant execute on function app.sso_discover(text), app.sso_provider(uuid) to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop policy if exists platform_admin_audit_read on audit_events`);
    await q.query(`drop policy if exists platform_admin_audit on audit_events`);
    await q.query(`drop function if exists app.school_status()`);
    await q.query(`drop policy if exists platform_status on memberships`);
    await q.query(`drop function if exists app.sso_provider(uuid)`);
    await q.query(`drop function if exists app.sso_discover(text)`);
    await q.query(`drop policy if exists sign_in_lookup on schools`);
    await q.query(`drop table "sso_configs"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trust-wide sign-in policy (issue 21): a trust's OpenID Connect provider and the roles that must use a
 * second factor across the trust. The tables belong to a trust, not a school, so they carry trust_id and no
 * school_id. Row-level security fails closed on the trust of the schools in app.school_ids: a head of a school
 * of the trust may read (the school's settings show the trust's requirement), and only a trust lead of that
 * trust, with its schools in scope, may write. Sign-in reads them before any school is chosen, through the
 * SECURITY DEFINER functions below, as sso_configs is read (migration 1765100000000-sso.ts).
 */
export class TrustSignIn1765160000000 implements MigrationInterface {
  name = 'TrustSignIn1765160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "trust_sso_configs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trust_id" uuid NOT NULL, "issuer" character varying(500) NOT NULL, "client_id" character varying(200) NOT NULL, "client_secret_sealed" text NOT NULL, "allowed_domains" text array NOT NULL, "enabled" boolean NOT NULL DEFAULT false, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_trust_sso_configs" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_trust_sso_configs_trust" ON "trust_sso_configs" ("trust_id") `);
    await q.query(
      `ALTER TABLE "trust_sso_configs" ADD CONSTRAINT "fk_trust_sso_configs_trust" FOREIGN KEY ("trust_id") REFERENCES "trusts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE TABLE "trust_two_factor_policies" ("trust_id" uuid NOT NULL, "roles" character varying(16) array NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_trust_two_factor_policies" PRIMARY KEY ("trust_id"))`,
    );
    await q.query(
      `ALTER TABLE "trust_two_factor_policies" ADD CONSTRAINT "fk_trust_two_factor_policies_trust" FOREIGN KEY ("trust_id") REFERENCES "trusts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    const inScope = `trust_id in (select s.trust_id from schools s where s.id = any ((select app.current_school_ids())::uuid[]))`;
    const leads = `trust_id in (select tm.trust_id from trust_memberships tm where tm.user_id = (select app.current_user_id()))`;
    for (const table of ['trust_sso_configs', 'trust_two_factor_policies']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
      await q.query(`create policy trust_read on ${table} for select using (${inScope})`);
      await q.query(`create policy trust_lead_write on ${table} using (${inScope} and ${leads}) with check (${inScope} and ${leads})`);
      // The owner's own read, for the SECURITY DEFINER sign-in functions below.
      await q.query(`create policy sign_in_lookup on ${table} for select to current_user using (true)`);
      await q.query(`grant select, insert, update on ${table} to sen_app`);
    }

    // Discovery: a school's own enabled provider wins; a school of a trust with none of its own takes the trust's.
    await q.query(`create or replace function app.sso_discover(p_domain text) returns table (school_id uuid, school_name text)
      language sql stable security definer set search_path = public, pg_temp as $$
        select s.id, s.name::text from schools s
          left join sso_configs c on c.school_id = s.id and c.enabled
          left join trust_sso_configs t on t.trust_id = s.trust_id and t.enabled
         where lower(p_domain) = any (coalesce(c.allowed_domains, t.allowed_domains))
         order by s.name, s.id limit 20 $$`);
    // The provider a school's staff sign in with, and whose it is (trust_id set when it is the trust's).
    await q.query(`create function app.sso_effective_provider(p_school uuid)
      returns table (school_id uuid, trust_id uuid, issuer text, client_id text, client_secret_sealed text, allowed_domains text[])
      language sql stable security definer set search_path = public, pg_temp as $$
        select c.school_id, null::uuid, c.issuer::text, c.client_id::text, c.client_secret_sealed, c.allowed_domains
          from sso_configs c where c.school_id = p_school and c.enabled
        union all
        select s.id, t.trust_id, t.issuer::text, t.client_id::text, t.client_secret_sealed, t.allowed_domains
          from schools s join trust_sso_configs t on t.trust_id = s.trust_id and t.enabled
         where s.id = p_school and not exists (select 1 from sso_configs c where c.school_id = p_school and c.enabled) $$`);
    await q.query(`revoke all on function app.sso_effective_provider(uuid) from public`);
    await q.query(`grant execute on function app.sso_effective_provider(uuid) to sen_app`);
    await q.query(twoFactorRequired(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(twoFactorRequired(false));
    await q.query(`drop function if exists app.sso_effective_provider(uuid)`);
    await q.query(`create or replace function app.sso_discover(p_domain text) returns table (school_id uuid, school_name text)
      language sql stable security definer set search_path = public, pg_temp as $$
        select s.id, s.name::text from sso_configs c join schools s on s.id = c.school_id
         where c.enabled and lower(p_domain) = any (c.allowed_domains) order by s.name, s.id limit 20 $$`);
    await q.query(`drop table if exists "trust_two_factor_policies"`);
    await q.query(`drop table if exists "trust_sso_configs"`);
  }
}

/**
 * app.two_factor_required (1765105000000-two-factor.ts), with the trust's policy added when `withTrust`: the
 * effective policy of a school is the union of its own and its trust's, so a head cannot weaken the trust's.
 */
function twoFactorRequired(withTrust: boolean): string {
  const trust = withTrust
    ? `or exists (select 1 from memberships m join schools s on s.id = m.school_id
                    join trust_two_factor_policies tp on tp.trust_id = s.trust_id
                   where m.user_id = p_user and m.role = any (tp.roles))
       or exists (select 1 from trust_memberships tm join trust_two_factor_policies tp on tp.trust_id = tm.trust_id
                   where tm.user_id = p_user and 'trust_lead' = any (tp.roles))`
    : '';
  return `create or replace function app.two_factor_required(p_user uuid) returns boolean
      language plpgsql volatile as $$
      declare
        previous_user text := current_setting('app.user_id', true);
        previous_schools text := current_setting('app.school_ids', true);
        answer boolean;
      begin
        perform set_config('app.user_id', p_user::text, true);
        perform set_config('app.school_ids', coalesce((
          select array_agg(x.id)::text from (
            select m.school_id as id from memberships m where m.user_id = p_user
            union select s.id from trust_memberships tm join schools s on s.trust_id = tm.trust_id where tm.user_id = p_user
          ) x), '{}'), true);
        select exists (select 1 from users u where u.id = p_user and u.is_platform_admin)
            or exists (select 1 from memberships m join two_factor_policies p on p.school_id = m.school_id
                        where m.user_id = p_user and m.role = any (p.roles))
            or exists (select 1 from trust_memberships tm join schools s on s.trust_id = tm.trust_id
                        join two_factor_policies p on p.school_id = s.id
                        where tm.user_id = p_user and 'trust_lead' = any (p.roles))
            ${trust}
          into answer;
        perform set_config('app.user_id', coalesce(previous_user, ''), true);
        perform set_config('app.school_ids', coalesce(previous_schools, ''), true);
        return answer;
      end $$`;
}

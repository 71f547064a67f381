import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in through a trust's provider as one choice (issue 21). Discovery offered every school the trust's
 * provider covers, one line each (and at most twenty), where the person wants one: "Sign in to <trust>". It
 * now answers choices of two kinds: a school with its own enabled provider for the domain, and a trust whose
 * provider takes the domain. app.sso_trust_provider gives the trust's provider, the schools it covers (those
 * with no enabled provider of their own) and all the trust's schools (its leads'), so the callback can check the person belongs to one of them.
 * app.school_status reports where a school's single sign-on comes from, so a school covered by its trust's
 * provider no longer shows as having none.
 */
export class TrustDiscovery1765175000000 implements MigrationInterface {
  name = 'TrustDiscovery1765175000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop function app.sso_discover(text)`);
    await q.query(`create function app.sso_discover(p_domain text) returns table (kind text, id uuid, name text)
      language sql stable security definer set search_path = public, pg_temp as $$
        select x.kind, x.id, x.name from (
          select 'school'::text as kind, s.id, s.name::text as name from sso_configs c join schools s on s.id = c.school_id
           where c.enabled and lower(p_domain) = any (c.allowed_domains)
          union all
          select 'trust'::text, t.id, t.name::text from trust_sso_configs c join trusts t on t.id = c.trust_id
           where c.enabled and lower(p_domain) = any (c.allowed_domains)
        ) x order by x.name, x.kind, x.id limit 20 $$`);
    await q.query(`create function app.sso_trust_provider(p_trust uuid)
      returns table (trust_id uuid, issuer text, client_id text, client_secret_sealed text, allowed_domains text[], school_ids uuid[], trust_school_ids uuid[])
      language sql stable security definer set search_path = public, pg_temp as $$
        select t.trust_id, t.issuer::text, t.client_id::text, t.client_secret_sealed, t.allowed_domains,
               coalesce((select array_agg(s.id order by s.id) from schools s where s.trust_id = t.trust_id
                  and not exists (select 1 from sso_configs c where c.school_id = s.id and c.enabled)), '{}'),
               coalesce((select array_agg(s.id order by s.id) from schools s where s.trust_id = t.trust_id), '{}')
          from trust_sso_configs t where t.trust_id = p_trust and t.enabled $$`);
    await q.query(`revoke all on function app.sso_discover(text), app.sso_trust_provider(uuid) from public`);
    await q.query(`grant execute on function app.sso_discover(text), app.sso_trust_provider(uuid) to sen_app`);

    await q.query(`drop function app.school_status()`);
    await q.query(`create function app.school_status()
      returns table (school_id uuid, staff integer, sencos integer, heads integer, sso_enabled boolean, sso_source text)
      language sql stable security definer set search_path = public, pg_temp as $$
        select x.id, x.staff, x.sencos, x.heads, x.sso_source is not null, x.sso_source from (
          select s.id,
                 (select count(distinct m.user_id)::int from memberships m where m.school_id = s.id and m.role in ('senco', 'head', 'teacher')) as staff,
                 (select count(*)::int from memberships m where m.school_id = s.id and m.role = 'senco') as sencos,
                 (select count(*)::int from memberships m where m.school_id = s.id and m.role = 'head') as heads,
                 case when exists (select 1 from sso_configs c where c.school_id = s.id and c.enabled) then 'school'
                      when exists (select 1 from trust_sso_configs c where c.trust_id = s.trust_id and c.enabled) then 'trust' end as sso_source,
                 s.name
            from schools s where (select app.is_platform_admin())) x
         order by x.name, x.id $$`);
    await q.query(`revoke all on function app.school_status() from public`);
    await q.query(`grant execute on function app.school_status() to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function app.school_status()`);
    await q.query(`create function app.school_status()
      returns table (school_id uuid, staff integer, sencos integer, heads integer, sso_enabled boolean)
      language sql stable security definer set search_path = public, pg_temp as $$
        select s.id,
               (select count(distinct m.user_id)::int from memberships m where m.school_id = s.id and m.role in ('senco', 'head', 'teacher')),
               (select count(*)::int from memberships m where m.school_id = s.id and m.role = 'senco'),
               (select count(*)::int from memberships m where m.school_id = s.id and m.role = 'head'),
               coalesce((select c.enabled from sso_configs c where c.school_id = s.id), false)
          from schools s where (select app.is_platform_admin()) order by s.name, s.id $$`);
    await q.query(`revoke all on function app.school_status() from public`);
    await q.query(`grant execute on function app.school_status() to sen_app`);
    await q.query(`drop function app.sso_trust_provider(uuid)`);
    await q.query(`drop function app.sso_discover(text)`);
    await q.query(`create function app.sso_discover(p_domain text) returns table (school_id uuid, school_name text)
      language sql stable security definer set search_path = public, pg_temp as $$
        select s.id, s.name::text from schools s
          left join sso_configs c on c.school_id = s.id and c.enabled
          left join trust_sso_configs t on t.trust_id = s.trust_id and t.enabled
         where lower(p_domain) = any (coalesce(c.allowed_domains, t.allowed_domains))
         order by s.name, s.id limit 20 $$`);
    await q.query(`revoke all on function app.sso_discover(text) from public`);
    await q.query(`grant execute on function app.sso_discover(text) to sen_app`);
  }
}

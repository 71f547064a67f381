import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-factor sign-in (docs/security.md, "Two-factor"): authenticator-app factors with their sealed seeds,
 * hashed recovery codes and the half-way sign-in challenges belong to users, not schools, so like `users`
 * and `refresh_sessions` they carry no school_id and no row-level security. The school's policy is
 * tenant-owned, with the usual forced RLS. `app.two_factor_required` answers, at sign-in (before any school
 * is chosen), whether any of the user's roles must use a second factor.
 */
export class TwoFactor1765105000000 implements MigrationInterface {
  name = 'TwoFactor1765105000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "user_totp_factors" ("user_id" uuid NOT NULL, "secret_sealed" character varying(255) NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE, "last_used_step" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c5ade30dfd5ddf2220c8e822414" PRIMARY KEY ("user_id"))`,
    );
    await q.query(
      `CREATE TABLE "user_recovery_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "code_hash" character(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_411939add58ed0eceffd39973cf" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_user_recovery_codes_user_id" ON "user_recovery_codes" ("user_id") `);
    await q.query(
      `CREATE TABLE "sign_in_challenges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "primary_method" character varying(16) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f57d5bce65af0940271d12af92d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_sign_in_challenges_user_id" ON "sign_in_challenges" ("user_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_sign_in_challenges_token_hash" ON "sign_in_challenges" ("token_hash") `);
    await q.query(
      `CREATE TABLE "two_factor_policies" ("school_id" uuid NOT NULL, "roles" character varying(16) array NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6836348c739898794cffea7bc49" PRIMARY KEY ("school_id"))`,
    );
    await q.query(
      `ALTER TABLE "user_totp_factors" ADD CONSTRAINT "FK_c5ade30dfd5ddf2220c8e822414" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "user_recovery_codes" ADD CONSTRAINT "FK_f659216e26d0ef1238379cbf40c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sign_in_challenges" ADD CONSTRAINT "FK_45e4c7c3d74ec916c3e89ba499b" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "two_factor_policies" ADD CONSTRAINT "FK_6836348c739898794cffea7bc49" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await q.query(`alter table two_factor_policies enable row level security`);
    await q.query(`alter table two_factor_policies force row level security`);
    await q.query(`create policy tenant_isolation on two_factor_policies
        using (school_id = any ((select app.current_school_ids())::uuid[]))
        with check (school_id = any ((select app.current_school_ids())::uuid[]))`);

    // Read at sign-in, before any school is chosen. Like app.principal it runs as its caller, under the usual
    // policies: it sets the user and their own schools for row-level security (transaction-local) and puts
    // both back as they were before it returns.
    await q.query(`create function app.two_factor_required(p_user uuid) returns boolean
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
          into answer;
        perform set_config('app.user_id', coalesce(previous_user, ''), true);
        perform set_config('app.school_ids', coalesce(previous_schools, ''), true);
        return answer;
      end $$`);
    await q.query(`grant execute on function app.two_factor_required(uuid) to sen_app`);
    await q.query(`grant select, insert, update, delete on user_totp_factors, user_recovery_codes, sign_in_challenges, two_factor_policies to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function if exists app.two_factor_required(uuid)`);
    for (const table of ['two_factor_policies', 'sign_in_challenges', 'user_recovery_codes', 'user_totp_factors']) {
      await q.query(`drop table if exists "${table}" cascade`);
    }
  }
}

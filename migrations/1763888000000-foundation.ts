import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation: trusts, schools (the tenants), users, memberships, refresh sessions, invitations and the
 * audit log, with row-level security on every tenant-owned table.
 *
 * Runs as the owner role (sen_owner). The app connects as sen_app, which must exist already (created by
 * scripts/services.mjs locally and docker/postgres-init in compose): it owns no table and has no
 * BYPASSRLS, so FORCE ROW LEVEL SECURITY binds it on every query.
 */
export class Foundation1763888000000 implements MigrationInterface {
  name = 'Foundation1763888000000';

  async up(q: QueryRunner): Promise<void> {
    const [role] = (await q.query(`select rolbypassrls, rolsuper from pg_roles where rolname = 'sen_app'`)) as { rolbypassrls: boolean; rolsuper: boolean }[];
    if (!role) throw new Error('Role sen_app does not exist: create it (LOGIN NOSUPERUSER NOBYPASSRLS) before migrating');
    if (role.rolbypassrls || role.rolsuper) throw new Error('Role sen_app must not be a superuser or have BYPASSRLS');

    await q.query(
      `CREATE TABLE "trusts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_95c5c113bf27d477b0dcf66ae7c" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "schools" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trust_id" uuid, "urn" character(6) NOT NULL, "name" character varying(200) NOT NULL, "phase" character varying(32) NOT NULL, "la_code" character(3) NOT NULL, "la_name" character varying(100) NOT NULL, "timezone" character varying(64) NOT NULL DEFAULT 'Europe/London', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_95b932e47ac129dd8e23a0db548" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_schools_trust_id" ON "schools"  ("trust_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_schools_urn" ON "schools"  ("urn") `);
    await q.query(
      `CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "actor_user_id" uuid, "action" character varying(64) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" uuid, "request_id" character varying(64), "details" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_audit_events_school_occurred" ON "audit_events"  ("school_id", "occurred_at", "id") `);
    await q.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "display_name" character varying(200) NOT NULL, "password_hash" character varying(255) NOT NULL, "is_platform_admin" boolean NOT NULL DEFAULT false, "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users"  ("email") `);
    await q.query(
      `CREATE TABLE "memberships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_memberships_user_id" ON "memberships"  ("user_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_memberships_school_user_role" ON "memberships"  ("school_id", "user_id", "role") `);
    await q.query(
      `CREATE TABLE "trust_memberships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trust_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(16) NOT NULL DEFAULT 'trust_lead', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_63a4a5d09afeab84213b4ed3bc3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_trust_memberships_user_id" ON "trust_memberships"  ("user_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_trust_memberships_trust_user" ON "trust_memberships"  ("trust_id", "user_id") `);
    await q.query(
      `CREATE TABLE "refresh_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(32), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9190032f6967b7971dca07d69f3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_refresh_sessions_user_id" ON "refresh_sessions"  ("user_id") `);
    await q.query(`CREATE INDEX "idx_refresh_sessions_family_id" ON "refresh_sessions"  ("family_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_refresh_sessions_token_hash" ON "refresh_sessions"  ("token_hash") `);
    await q.query(
      `CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "role" character varying(16) NOT NULL, "token_hash" character(64) NOT NULL, "invited_by" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "accepted_by" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_invitations_token_hash" ON "invitations"  ("token_hash") `);
    await q.query(`CREATE INDEX "idx_invitations_school_created" ON "invitations"  ("school_id", "created_at") `);
    await q.query(
      `ALTER TABLE "schools" ADD CONSTRAINT "FK_a9e38a34ae4fd42d5f3cc52a90f" FOREIGN KEY ("trust_id") REFERENCES "trusts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "audit_events" ADD CONSTRAINT "FK_319538ad97e5045f06f1eabe9b2" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_05fe413d3f6c769bf65507ff9c4" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "trust_memberships" ADD CONSTRAINT "FK_86d36621739db6e38149e003b19" FOREIGN KEY ("trust_id") REFERENCES "trusts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "trust_memberships" ADD CONSTRAINT "FK_31e01e004866e744ee434e47375" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "refresh_sessions" ADD CONSTRAINT "FK_a7ab4fd82c654c85b9de53d971a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_783b04bd5748441e8758af5be53" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await q.query(`create schema app`);
    await q.query(`create function app.current_school_ids() returns uuid[] language sql stable as
        $$ select coalesce(nullif(current_setting('app.school_ids', true), '')::uuid[], '{}'::uuid[]) $$`);
    await q.query(`create function app.current_user_id() returns uuid language sql stable as
        $$ select nullif(current_setting('app.user_id', true), '')::uuid $$`);
    await q.query(`create function app.is_platform_admin() returns boolean language sql stable as
        $$ select coalesce(current_setting('app.platform_admin', true), '') = 'on' $$`);
    await q.query(`create function app.invitation_token_hash() returns text language sql stable as
        $$ select nullif(current_setting('app.invitation_token_hash', true), '') $$`);
    await q.query(`alter table memberships enable row level security`);
    await q.query(`alter table memberships force row level security`);
    await q.query(`create policy tenant_isolation on memberships
        using (school_id = any ((select app.current_school_ids())::uuid[]))
        with check (school_id = any ((select app.current_school_ids())::uuid[]))`);
    await q.query(`create policy own_rows on memberships for select using (user_id = (select app.current_user_id()))`);
    await q.query(`alter table invitations enable row level security`);
    await q.query(`alter table invitations force row level security`);
    await q.query(`create policy tenant_isolation on invitations
        using (school_id = any ((select app.current_school_ids())::uuid[]))
        with check (school_id = any ((select app.current_school_ids())::uuid[]))`);
    await q.query(`create policy by_token on invitations for select using (token_hash = (select app.invitation_token_hash()))`);
    await q.query(`alter table audit_events enable row level security`);
    await q.query(`alter table audit_events force row level security`);
    await q.query(`create policy tenant_isolation on audit_events
        using (school_id = any ((select app.current_school_ids())::uuid[]))
        with check (school_id = any ((select app.current_school_ids())::uuid[]))`);
    await q.query(`alter table trust_memberships enable row level security`);
    await q.query(`alter table trust_memberships force row level security`);
    await q.query(`create policy own_rows on trust_memberships for select using (user_id = (select app.current_user_id()))`);
    await q.query(`create policy platform_admin on trust_memberships using ((select app.is_platform_admin())) with check ((select app.is_platform_admin()))`);
    await q.query(`alter table schools enable row level security`);
    await q.query(`alter table schools force row level security`);
    await q.query(`create policy tenant_isolation on schools for select using (
        id = any ((select app.current_school_ids())::uuid[])
        or trust_id in (select tm.trust_id from trust_memberships tm where tm.user_id = (select app.current_user_id()))
      )`);
    await q.query(`create policy platform_admin on schools using ((select app.is_platform_admin())) with check ((select app.is_platform_admin()))`);
    await q.query(`alter table trusts enable row level security`);
    await q.query(`alter table trusts force row level security`);
    await q.query(`create policy read_all on trusts for select using (true)`);
    await q.query(`create policy platform_admin on trusts using ((select app.is_platform_admin())) with check ((select app.is_platform_admin()))`);
    await q.query(`grant usage on schema app to sen_app`);
    await q.query(`grant execute on all functions in schema app to sen_app`);
    await q.query(`grant select, insert, update on trusts, schools, users to sen_app`);
    await q.query(`grant select, insert, update, delete on memberships, trust_memberships, refresh_sessions, invitations to sen_app`);
    await q.query(`grant select, insert on audit_events to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop schema app cascade`);
    for (const table of ['audit_events', 'invitations', 'refresh_sessions', 'trust_memberships', 'memberships', 'users', 'schools', 'trusts']) {
      await q.query(`drop table if exists "${table}" cascade`);
    }
  }
}

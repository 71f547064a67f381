import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform administrators' own trail (issue 21): who created which trust or school, when. It has no school:
 * it is readable and writable only in a platform admin's transaction (app.is_platform_admin()), never by a
 * school's staff; the app role may insert and read, never change or delete a line.
 */
export class PlatformAudit1765165000000 implements MigrationInterface {
  name = 'PlatformAudit1765165000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "platform_audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor_user_id" uuid, "action" character varying(64) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" uuid, "request_id" character varying(64), "details" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_platform_audit_events" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_platform_audit_events_occurred" ON "platform_audit_events" ("occurred_at", "id") `);
    await q.query(`alter table platform_audit_events enable row level security`);
    await q.query(`alter table platform_audit_events force row level security`);
    await q.query(
      `create policy platform_admin on platform_audit_events using ((select app.is_platform_admin())) with check ((select app.is_platform_admin()))`,
    );
    await q.query(`grant select, insert on platform_audit_events to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table "platform_audit_events"`);
  }
}

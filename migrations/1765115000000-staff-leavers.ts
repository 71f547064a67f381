import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff leavers: the history kept when a member of staff's memberships end (libs/staff). */
export class StaffLeavers1765115000000 implements MigrationInterface {
  name = 'StaffLeavers1765115000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "staff_leavers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "user_id" uuid NOT NULL, "roles" character varying array NOT NULL, "class_names" character varying array NOT NULL, "recorded_by" uuid, "left_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f004c299969a151cef9e78ea3cb" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_staff_leavers_school_user" ON "staff_leavers" ("school_id", "user_id") `);
    await q.query(
      `ALTER TABLE "staff_leavers" ADD CONSTRAINT "FK_5901a9cd91b59745d17a084252c" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "staff_leavers" ADD CONSTRAINT "FK_3f5de20ebb2af0662ce775dc927" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`alter table staff_leavers enable row level security`);
    await q.query(`alter table staff_leavers force row level security`);
    await q.query(`create policy tenant_isolation on staff_leavers
        using (school_id = any ((select app.current_school_ids())::uuid[]))
        with check (school_id = any ((select app.current_school_ids())::uuid[]))`);
    // History: recorded once, never edited.
    await q.query(`grant select, insert on staff_leavers to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists "staff_leavers"`);
  }
}

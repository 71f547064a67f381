import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff import from the MIS (libs/staff/import): the import batches and the classes of invited staff. */
export class StaffImport1765150000000 implements MigrationInterface {
  name = 'StaffImport1765150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "staff_import_batches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "mapping_name" character varying(64) NOT NULL, "file_sha256" character(64) NOT NULL, "row_count" integer NOT NULL, "status" character varying(16) NOT NULL, "summary" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "committed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_123b2ae396a8305d2d97bce4d0b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_staff_import_batches_school_created" ON "staff_import_batches" ("school_id", "created_at") `);
    await q.query(
      `ALTER TABLE "staff_import_batches" ADD CONSTRAINT "FK_1878b296d29b88fbf3c09a5e460" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE TABLE "pending_staff_classes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "class_name" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_910efb5cca846ac5c780caf5bb8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_pending_staff_classes_email_class" ON "pending_staff_classes" ("school_id", "email", "class_name") `);
    await q.query(
      `ALTER TABLE "pending_staff_classes" ADD CONSTRAINT "FK_6fb9da11a3c663536decc7f5415" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const table of ['staff_import_batches', 'pending_staff_classes']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
      await q.query(`create policy tenant_isolation on ${table}
        using (school_id = any ((select app.current_school_ids())::uuid[]))
        with check (school_id = any ((select app.current_school_ids())::uuid[]))`);
    }
    await q.query(`grant select, insert, update (status, committed_at, summary) on staff_import_batches to sen_app`);
    await q.query(`grant select, insert, delete on pending_staff_classes to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists "pending_staff_classes"`);
    await q.query(`drop table if exists "staff_import_batches"`);
  }
}

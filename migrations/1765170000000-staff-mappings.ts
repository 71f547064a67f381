import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved staff-import mappings live beside the pupil ones in import_mappings: a `kind` says which import a
 * mapping is for, and a name is unique per school and kind. The table's RLS policies and grants are unchanged.
 */
export class StaffMappings1765170000000 implements MigrationInterface {
  name = 'StaffMappings1765170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import_mappings" ADD "kind" character varying(16) NOT NULL DEFAULT 'pupils'`);
    await q.query(`ALTER TABLE "import_mappings" ADD CONSTRAINT "ck_import_mappings_kind" CHECK ("kind" IN ('pupils', 'staff'))`);
    await q.query(`DROP INDEX "public"."uq_import_mappings_school_name"`);
    await q.query(`CREATE UNIQUE INDEX "uq_import_mappings_school_kind_name" ON "import_mappings" ("school_id", "kind", "name") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "import_mappings" WHERE "kind" <> 'pupils'`);
    await q.query(`DROP INDEX "public"."uq_import_mappings_school_kind_name"`);
    await q.query(`CREATE UNIQUE INDEX "uq_import_mappings_school_name" ON "import_mappings" ("school_id", "name") `);
    await q.query(`ALTER TABLE "import_mappings" DROP CONSTRAINT "ck_import_mappings_kind"`);
    await q.query(`ALTER TABLE "import_mappings" DROP COLUMN "kind"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statutory fidelity (issue 18, parts 4 and 5):
 * - sen_reports.item_set: the list of required items a version is written to. Every existing version keeps set 1
 *   (published versions are immutable; the Code of Practice 6.79–6.83 items apply to versions started from now).
 * - pupils.record_sent_on: the day the SEN record was sent to the pupil's next school. From then this school is
 *   not the last school, and the DOB + 31 years rule (IRMS toolkit) is the next school's to keep.
 * - schools.leaver_retention_years: the school's shorter rule (years after leaving) for records sent on and for
 *   pupils never on the SEN register; default 1. Head-only, like retention_years.
 * - retention_items.rule: which rule listed the item.
 * No new table, so no new policy: the columns inherit their tables' row-level security and grants.
 */
export class StatutoryFidelity1765050000000 implements MigrationInterface {
  name = 'StatutoryFidelity1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sen_reports" ADD "item_set" smallint NOT NULL DEFAULT '1'`);
    await q.query(`ALTER TABLE "sen_reports" ALTER COLUMN "item_set" SET DEFAULT '2'`);
    await q.query(`ALTER TABLE "pupils" ADD "record_sent_on" date`);
    await q.query(`ALTER TABLE "schools" ADD "leaver_retention_years" smallint NOT NULL DEFAULT '1'`);
    await q.query(`ALTER TABLE "schools" ADD CONSTRAINT "ck_schools_leaver_retention_years" CHECK ("leaver_retention_years" BETWEEN 1 AND 25)`);
    await q.query(`ALTER TABLE "retention_items" ADD "rule" character varying(20) NOT NULL DEFAULT 'last_school'`);
    await q.query(
      `ALTER TABLE "retention_items" ADD CONSTRAINT "ck_retention_items_rule" CHECK ("rule" IN ('last_school', 'transferred', 'never_on_register'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "retention_items" DROP CONSTRAINT IF EXISTS "ck_retention_items_rule"`);
    await q.query(`ALTER TABLE "retention_items" DROP COLUMN IF EXISTS "rule"`);
    await q.query(`ALTER TABLE "schools" DROP CONSTRAINT IF EXISTS "ck_schools_leaver_retention_years"`);
    await q.query(`ALTER TABLE "schools" DROP COLUMN IF EXISTS "leaver_retention_years"`);
    await q.query(`ALTER TABLE "pupils" DROP COLUMN IF EXISTS "record_sent_on"`);
    await q.query(`ALTER TABLE "sen_reports" DROP COLUMN IF EXISTS "item_set"`);
  }
}
